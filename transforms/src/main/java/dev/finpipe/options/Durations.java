package dev.finpipe.options;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Parses the durations options and CLIs accept: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 6h}, {@code 2d}, or ISO-8601 {@code PT30M}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String option, String text) {
    String value = text == null ? "" : text.trim();
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.millis(n);
        case "s":
          return Duration.standardSeconds(n);
        case "m":
          return Duration.standardMinutes(n);
        case "h":
          return Duration.standardHours(n);
        default:
          return Duration.standardDays(n);
      }
    }
    try {
      return Duration.millis(java.time.Duration.parse(value).toMillis());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--" + option + "=" + text + " is not a duration: use e.g. 30s, 5m, 6h, 2d or PT30M", e);
    }
  }
}
