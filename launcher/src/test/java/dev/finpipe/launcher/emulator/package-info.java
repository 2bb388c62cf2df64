/**
 * A Synapse data-plane emulator for tests and demos: an HTTP server on 127.0.0.1 that implements the calls the
 * launcher makes, plays a {@link dev.finpipe.launcher.emulator.PipelineScript} per pipeline (succeed, fail with an
 * activity error, be cancelled, hang, answer 429/5xx, lose a createRun answer), checks bearer tokens and records
 * every call so tests can assert exactly what reached "Synapse".
 */
package dev.finpipe.launcher.emulator;
