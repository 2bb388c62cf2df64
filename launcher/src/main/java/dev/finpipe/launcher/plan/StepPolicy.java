package dev.finpipe.launcher.plan;

import java.time.Duration;

/**
 * How one step is driven: how often its run is polled, how many times a failed attempt is tried again and after how
 * long, how long one attempt may take before it is cancelled, and whether the plan goes on when the step fails.
 */
public record StepPolicy(
    Duration pollInterval, int retries, Duration retryDelay, Duration timeout, boolean continueOnFailure) {

  /** The seed flow's behaviour: poll every 30 s, 3 retries 10 s apart, stop the plan on a failure. */
  public static final StepPolicy BUILT_IN =
      new StepPolicy(Duration.ofSeconds(30), 3, Duration.ofSeconds(10), Duration.ofHours(24), false);

  public int maxAttempts() {
    return retries + 1;
  }
}
