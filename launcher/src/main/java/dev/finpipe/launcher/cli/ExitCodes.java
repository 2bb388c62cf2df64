package dev.finpipe.launcher.cli;

import java.io.PrintWriter;

/** The launcher's exit codes; scripts and CI branch on them, so they never change meaning. */
public final class ExitCodes {
  /** Every step succeeded (run), or the command did what it was asked (status, cancel). */
  public static final int OK = 0;
  /** At least one step did not succeed, or a run could not be cancelled. */
  public static final int NOT_ALL_SUCCEEDED = 1;
  /** The command line or the plan file is wrong; nothing was started. */
  public static final int USAGE = 2;
  /** No token could be obtained; nothing was started. */
  public static final int CREDENTIALS = 3;
  /** The state file cannot be read, written or used for this launch; nothing was started. */
  public static final int STATE = 4;

  private ExitCodes() {}

  /** Prints {@code message} on {@code err} and returns {@code code}: the end of every command that gives up. */
  static int fail(PrintWriter err, String message, int code) {
    err.println(message);
    err.flush();
    return code;
  }
}
