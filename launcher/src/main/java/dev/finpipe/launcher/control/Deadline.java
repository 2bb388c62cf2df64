package dev.finpipe.launcher.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A point in time that work must finish by: a step attempt's timeout, or how long to wait for a cancel. */
public record Deadline(Instant at) {

  public static Deadline after(Clock clock, Duration duration) {
    Instant now = clock.instant();
    // Plans may say "timeout: 100000d"; saturate instead of overflowing Instant.
    Duration room = Duration.between(now, Instant.MAX.minusSeconds(86_400));
    return new Deadline(now.plus(duration.compareTo(room) > 0 ? room : duration));
  }

  public Duration remaining(Clock clock) {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean passed(Clock clock) {
    return !clock.instant().isBefore(at);
  }
}
