package dev.finpipe.model;

import org.joda.time.Instant;
import org.joda.time.format.DateTimeFormatter;
import org.joda.time.format.ISODateTimeFormat;

/**
 * The one place that turns an instant into the UTC calendar date ({@code yyyy-MM-dd}) that silver, quarantine and gold
 * are partitioned and aggregated by.
 */
public final class EventDates {
  private static final DateTimeFormatter UTC_DATE = ISODateTimeFormat.date().withZoneUTC();

  private EventDates() {}

  /** The UTC date of {@code instant}, e.g. {@code 2026-11-22}. */
  public static String utcDate(Instant instant) {
    return UTC_DATE.print(instant);
  }
}
