package dev.finpipe.launcher.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in plans and flags: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d},
 * or a sum such as {@code 1h30m}. A bare number is refused: "30" could be seconds or minutes, and guessing wrong
 * turns a 30-second poll into a 30-minute one.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} with a message fit for the user. */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 250ms, 30s, 5m, 1h");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(unit(part.group(2)).multipliedBy(amount));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
    return total;
  }

  /** Short human form for logs and tables: {@code 250ms}, {@code 4.2s}, {@code 3m05s}, {@code 2h10m}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return millis % 1_000 == 0 ? millis / 1_000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3_600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3_600, (seconds % 3_600) / 60);
  }

  private static Duration unit(String unit) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(1);
      case "s":
        return Duration.ofSeconds(1);
      case "m":
        return Duration.ofMinutes(1);
      case "h":
        return Duration.ofHours(1);
      default:
        return Duration.ofDays(1);
    }
  }
}
