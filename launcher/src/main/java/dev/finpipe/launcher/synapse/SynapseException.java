package dev.finpipe.launcher.synapse;

/**
 * A Synapse call that did not give its answer, classified by what the caller may safely do next. {@link #reason()}
 * matters more than the message: after {@link Reason#AMBIGUOUS} a createRun must not simply be sent again.
 */
public final class SynapseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The service refused the request (4xx other than 408/429): trying again would not help. */
    REJECTED,
    /** Transient errors (429, 408, 5xx, network) lasted until the call's deadline. */
    GAVE_UP,
    /** A createRun was (perhaps) sent but no answer came: a run may or may not exist. */
    AMBIGUOUS,
    /** The launcher is stopping; the call was abandoned while waiting to try again. */
    STOPPED
  }

  private final Reason reason;
  private final int httpStatus;
  private final String errorCode;

  SynapseException(Reason reason, String message, int httpStatus, String errorCode, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public Reason reason() {
    return reason;
  }

  /** The last HTTP status seen, or 0 when no response came. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Synapse's {@code error.code}, or {@code null}. */
  public String errorCode() {
    return errorCode;
  }

  public boolean isAuthFailure() {
    return httpStatus == 401 || httpStatus == 403;
  }
}
