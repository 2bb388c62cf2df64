package dev.finpipe.model;

import static org.junit.Assert.assertEquals;

import org.joda.time.Instant;
import org.junit.Test;

public class EventDatesTest {
  @Test
  public void utcDateIsTheCalendarDateInUtc() {
    assertEquals("2026-11-22", EventDates.utcDate(Instant.parse("2026-11-22T20:15:03.123Z")));
  }

  @Test
  public void utcDateTurnsExactlyAtUtcMidnight() {
    assertEquals("2026-11-22", EventDates.utcDate(Instant.parse("2026-11-22T23:59:59.999Z")));
    assertEquals("2026-11-23", EventDates.utcDate(Instant.parse("2026-11-23T00:00:00.000Z")));
  }

  @Test
  public void utcDateIgnoresTheOffsetTheEventWasWrittenIn() {
    assertEquals("2026-11-23", EventDates.utcDate(Instant.parse("2026-11-22T20:00:00-05:00")));
  }
}
