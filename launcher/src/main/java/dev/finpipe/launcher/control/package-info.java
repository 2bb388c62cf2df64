/**
 * Time and stopping, shared by the HTTP client and the step runners: a {@link dev.finpipe.launcher.control.Deadline}
 * bounds every wait, a {@link dev.finpipe.launcher.control.StopSignal} ends waits early when the launcher stops, and
 * {@link dev.finpipe.launcher.control.CallLimits} carries both into a remote call. Nothing here interrupts threads:
 * work notices the signal at its next wait and winds down itself (cancelling its run first).
 */
package dev.finpipe.launcher.control;
