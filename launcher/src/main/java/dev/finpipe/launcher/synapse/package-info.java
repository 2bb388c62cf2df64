/**
 * The Azure Synapse data plane as the launcher uses it (api-version 2020-12-01): start a pipeline run, read its
 * status, cancel it, find its failed activity, and find runs by pipeline name. Transient failures are retried inside
 * each call within a deadline; {@link dev.finpipe.launcher.synapse.RunStarter} holds the one rule that must never
 * bend, that a lost createRun answer is never met with a second createRun.
 */
package dev.finpipe.launcher.synapse;
