package dev.finpipe.launcher.control;

import java.time.Clock;
import java.time.Duration;

/**
 * How long a remote call may keep trying (its retries and back-off included) and what may cut it short. Backing off
 * past the deadline is refused up front instead of sleeping into it.
 */
public record CallLimits(Deadline deadline, StopSignal stop, Clock clock) {

  public Duration remaining() {
    return deadline.remaining(clock);
  }

  /** Limits that only the clock ends: for cancelling runs while the launcher itself is stopping. */
  public static CallLimits unstoppable(Clock clock, Duration budget) {
    return new CallLimits(Deadline.after(clock, budget), StopSignal.never(), clock);
  }
}
