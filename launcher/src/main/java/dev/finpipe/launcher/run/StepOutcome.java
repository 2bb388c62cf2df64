package dev.finpipe.launcher.run;

import dev.finpipe.launcher.state.StepStatus;
import dev.finpipe.launcher.synapse.ActivityFailure;

/**
 * How one attempt (or, once the retries are spent, the whole step) ended.
 *
 * @param retryable whether another attempt could do better: a run that Failed is, a refused request, a timeout or a
 *     cancel is not
 * @param failure the failed activity's error, for pipeline runs that Failed
 */
public record StepOutcome(StepStatus status, String message, ActivityFailure failure, boolean retryable) {

  public static StepOutcome succeeded(String message) {
    return new StepOutcome(StepStatus.SUCCEEDED, message, null, false);
  }

  public static StepOutcome failed(String message, boolean retryable) {
    return new StepOutcome(StepStatus.FAILED, message, null, retryable);
  }

  public static StepOutcome runFailed(String message, ActivityFailure failure) {
    return new StepOutcome(StepStatus.FAILED, message, failure, true);
  }

  public static StepOutcome timedOut(String message) {
    return new StepOutcome(StepStatus.TIMED_OUT, message, null, false);
  }

  public static StepOutcome cancelled(String message) {
    return new StepOutcome(StepStatus.CANCELLED, message, null, false);
  }

  StepOutcome withMessage(String newMessage) {
    return new StepOutcome(status, newMessage, failure, retryable);
  }
}
