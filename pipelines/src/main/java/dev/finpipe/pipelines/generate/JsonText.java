package dev.finpipe.pipelines.generate;

import java.time.LocalDate;

/**
 * Hand-written JSON tokens, for speed: a line is built in a reused {@link StringBuilder} rather than through an
 * object mapper. Strings are escaped per RFC 8259 (quote, backslash and every control character); other characters,
 * non-ASCII included, are written as they are (the output is UTF-8).
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private long cachedDay = Long.MIN_VALUE;
  private String cachedDate = "";

  /** Appends {@code s} as a JSON string, quotes included. */
  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    sb.append(s, start, s.length()).append('"');
  }

  /** Returns {@code s} as a JSON string, quotes included. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendString(sb, s);
    return sb.toString();
  }

  /**
   * Appends an ISO-8601 instant with milliseconds, quotes included: {@code "2026-11-22T20:15:03.123Z"}, or in local
   * time with the given offset ({@code "2026-11-22T15:15:03.123-05:00"}) when {@code offset} is not null.
   */
  void appendIsoInstant(StringBuilder sb, long epochMillis, int offsetMillis, String offset) {
    long local = epochMillis + (offset != null ? offsetMillis : 0);
    long day = Math.floorDiv(local, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
    if (day != cachedDay) {
      cachedDay = day;
      cachedDate = LocalDate.ofEpochDay(day).toString();
    }
    sb.append('"').append(cachedDate).append('T');
    appendTwoDigits(sb, millisOfDay / 3_600_000);
    sb.append(':');
    appendTwoDigits(sb, millisOfDay / 60_000 % 60);
    sb.append(':');
    appendTwoDigits(sb, millisOfDay / 1_000 % 60);
    sb.append('.');
    int millis = millisOfDay % 1_000;
    sb.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
    sb.append(offset != null ? offset : "Z").append('"');
  }

  private static void appendTwoDigits(StringBuilder sb, int value) {
    sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
