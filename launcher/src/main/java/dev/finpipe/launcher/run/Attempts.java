package dev.finpipe.launcher.run;

import dev.finpipe.launcher.control.Deadline;
import dev.finpipe.launcher.plan.Durations;
import dev.finpipe.launcher.plan.StepPolicy;
import dev.finpipe.launcher.state.StateException;

/**
 * The retry loop both kinds of step share: up to {@code retries + 1} attempts, {@code retryDelay} apart, each with
 * its own {@code timeout}. Only a retryable outcome (a run that Failed, a command's non-zero exit, createRun with no
 * answer) is tried again; a timeout, a cancel or a refused request ends the step at once.
 */
final class Attempts {
  private Attempts() {}

  /** One attempt, numbered over all launches of the state file, due by {@code deadline}. */
  interface Attempt {
    StepOutcome run(int attemptNumber, Deadline deadline);
  }

  /**
   * @param resumed the outcome of a run reattached from an earlier launch, or {@code null}; it counts as this
   *     launch's first attempt
   */
  static StepOutcome run(StepContext context, StepOutcome resumed, Attempt attempt) {
    StepPolicy policy = context.step().policy();
    StepOutcome outcome = resumed;
    int used = resumed == null ? 0 : 1;
    while (outcome == null || (outcome.retryable() && used < policy.maxAttempts())) {
      if (outcome != null) {
        context.log().warn("Attempt failed: {}; trying again in {} ({} of {} attempts left)", outcome.message(),
            Durations.format(policy.retryDelay()), policy.maxAttempts() - used, policy.maxAttempts());
        if (!context.stop().sleep(policy.retryDelay())) {
          return StepOutcome.cancelled("the launcher stopped (" + context.stop().reason()
              + ") before the next attempt; the last one failed: " + outcome.message());
        }
      }
      if (context.stop().isStopped()) {
        return StepOutcome.cancelled("the launcher stopped (" + context.stop().reason() + ") before the step began");
      }
      int number;
      try {
        number = context.startAttempt();
      } catch (StateException e) {
        return StepOutcome.failed(e.getMessage() + "; not starting anything the state file could not record",
            false);
      }
      used++;
      outcome = attempt.run(number, Deadline.after(context.clock(), policy.timeout()));
    }
    if (outcome.retryable() && used > 1) {
      outcome = outcome.withMessage("failed " + used + " times; last: " + outcome.message());
    }
    return outcome;
  }
}
