package dev.finpipe.launcher.synapse;

/**
 * A pipeline run's {@code status} as Synapse reports it. Only {@link #SUCCEEDED}, {@link #FAILED} and
 * {@link #CANCELLED} are final; a value Synapse adds later parses as {@link #UNKNOWN}, which keeps the launcher
 * polling (with a warning) rather than guessing that the run ended.
 */
public enum RunStatus {
  QUEUED("Queued"),
  IN_PROGRESS("InProgress"),
  CANCELING("Canceling"),
  SUCCEEDED("Succeeded"),
  FAILED("Failed"),
  CANCELLED("Cancelled"),
  UNKNOWN("Unknown");

  private final String wire;

  RunStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  public static RunStatus parse(String status) {
    for (RunStatus s : values()) {
      if (s != UNKNOWN && s.wire.equalsIgnoreCase(status)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
