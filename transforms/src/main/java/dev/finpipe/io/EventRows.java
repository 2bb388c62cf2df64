package dev.finpipe.io;

import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.EventDates;

/**
 * The silver rows of an events domain: its record type's own columns ({@link DerivedRows} over {@link SchemaRows}),
 * partitioned by the UTC date of the event time ({@code event_date}), as {@code silver/transactions} is. An events
 * domain declares its record type and gets its table, with no row mapping written by hand. The record type names its
 * event time {@code getEventTime()}, so the column is {@code event_time}, the column silver's watermark reads.
 */
public final class EventRows {
  public static final String PARTITION_COLUMN = "event_date";

  private EventRows() {}

  /** {@code silver/<domain>} of the records of {@code type}. */
  public static <T extends DomainRecord> DerivedRows<T> silverOf(String domain, Class<T> type) {
    DerivedRows<T> rows =
        DerivedRows.of("silver/" + domain, PARTITION_COLUMN, type, record -> EventDates.utcDate(record.getEventTime()));
    rows.spec().column(RunFiles.EVENT_TIME); // refuse a record type whose event time is not the watermark's column
    return rows;
  }
}
