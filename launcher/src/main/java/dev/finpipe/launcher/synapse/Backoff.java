package dev.finpipe.launcher.synapse;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with "equal jitter" for transient HTTP failures (5xx, 408, network): the n-th wait is
 * between half and all of {@code min(max, initial * 2^n)}. The random half keeps several launchers (or several
 * parallel steps) that failed together from all coming back at the same instant.
 */
public record Backoff(Duration initial, Duration max) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < initial <= max; got " + initial + " and " + max);
    }
  }

  /** The wait before try {@code attempt + 1} (attempt 0 is the first failure). */
  public Duration delay(int attempt) {
    Duration ceiling = ceiling(attempt);
    long half = ceiling.toNanos() / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  Duration ceiling(int attempt) {
    Duration d = initial;
    for (int i = 0; i < attempt && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
