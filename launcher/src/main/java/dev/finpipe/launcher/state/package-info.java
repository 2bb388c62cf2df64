/**
 * The launch's state file: per step its status, attempts and every runId it started, written atomically after each
 * change and, for a runId, before the run is first polled. It is what lets a restarted launcher reattach to its runs
 * instead of starting them again, and what {@code launch status} and {@code launch cancel} read.
 */
package dev.finpipe.launcher.state;
