/**
 * The {@code launch} command line (picocli): {@code run} a plan, show a launch's {@code status}, or {@code cancel}
 * its runs. Commands validate everything they can before starting anything, and map each kind of failure to its own
 * {@link dev.finpipe.launcher.cli.ExitCodes exit code}.
 */
package dev.finpipe.launcher.cli;
