package dev.finpipe.io;

import dev.finpipe.io.TableSpec.Column;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.EventDates;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The silver rows of an events domain whose columns are its record type's own ({@link SchemaRows}), partitioned by
 * the UTC date of the event time ({@code event_date}), as {@code silver/transactions} is: an events domain declares
 * its record type and gets its table, with no row mapping written by hand. The record type names its event time
 * {@code getEventTime()}, so the column is {@code event_time}, the column silver's watermark reads.
 */
public final class EventRows<T extends DomainRecord> extends TableFormat<T> {
  public static final String PARTITION_COLUMN = "event_date";

  private final SchemaRows<T> columns;

  private EventRows(TableSpec spec, SchemaRows<T> columns) {
    super(spec);
    this.columns = columns;
  }

  /** {@code silver/<domain>} of the records of {@code type}. */
  public static <T extends DomainRecord> EventRows<T> silverOf(String domain, Class<T> type) {
    SchemaRows<T> columns = SchemaRows.of(type);
    TableSpec spec = TableSpec.of("silver/" + domain, PARTITION_COLUMN, columns.columns().toArray(new Column[0]));
    spec.column(RunFiles.EVENT_TIME); // refuse a record type whose event time is not the watermark's column
    return new EventRows<>(spec, columns);
  }

  @Override
  public String partitionValue(T record) {
    return EventDates.utcDate(record.getEventTime());
  }

  @Override
  public GenericRecord toRecord(T record) {
    GenericData.Record r = newRecord();
    columns.put(record, r);
    return r;
  }

  /** The record a row holds (without payload). */
  public T fromRecord(GenericRecord r) {
    return columns.get(r);
  }
}
