package dev.finpipe.launcher.state;

/** The state file cannot be read, written, or used for this launch (another workspace, in-flight runs, ...). */
public final class StateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
