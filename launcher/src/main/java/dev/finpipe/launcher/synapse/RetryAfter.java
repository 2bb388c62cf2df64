package dev.finpipe.launcher.synapse;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a 429 asks us to wait. Azure sends {@code retry-after-ms} or {@code x-ms-retry-after-ms} (milliseconds)
 * next to, or instead of, the standard {@code Retry-After} (seconds or an HTTP date); the finer one wins, as in the
 * Azure SDKs.
 */
public final class RetryAfter {
  private RetryAfter() {}

  public static Optional<Duration> from(HttpHeaders headers, Clock clock) {
    for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
      Optional<Duration> millis = headers.firstValue(name).flatMap(v -> number(v).map(Duration::ofMillis));
      if (millis.isPresent()) {
        return millis;
      }
    }
    return headers.firstValue("Retry-After").flatMap(v -> parse(v, clock));
  }

  static Optional<Duration> parse(String value, Clock clock) {
    Optional<Long> seconds = number(value);
    if (seconds.isPresent()) {
      return seconds.map(Duration::ofSeconds);
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> number(String value) {
    try {
      long n = Long.parseLong(value.trim());
      return n >= 0 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
