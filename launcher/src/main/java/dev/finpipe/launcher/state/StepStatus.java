package dev.finpipe.launcher.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a step of a launch stands, as the state file, the summary and the exit code see it. */
public enum StepStatus {
  PENDING("Pending"),
  RUNNING("Running"),
  SUCCEEDED("Succeeded"),
  /** The run (or command) failed on its last allowed attempt, or could not be started. */
  FAILED("Failed"),
  /** An attempt outlived the step's timeout and was cancelled. */
  TIMED_OUT("TimedOut"),
  /** Cancelled: by the launcher stopping, by {@code launch cancel}, or by someone in Synapse Studio. */
  CANCELLED("Cancelled"),
  /** Not run because a step it depends on did not succeed. */
  SKIPPED("Skipped"),
  /** Not run because the plan stopped (an earlier failure, or the launcher was stopped) first. */
  NOT_STARTED("NotStarted");

  private final String label;

  StepStatus(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static StepStatus fromLabel(String label) {
    for (StepStatus s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown step status '" + label + "'");
  }

  public boolean isDone() {
    return this != PENDING && this != RUNNING;
  }

  @Override
  public String toString() {
    return label;
  }
}
