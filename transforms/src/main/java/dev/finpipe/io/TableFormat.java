package dev.finpipe.io;

import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * How elements of type {@code T} become rows of one table: the row's partition value and its data columns.
 * Implementations fill a fresh record from {@link #newRecord()}.
 */
public abstract class TableFormat<T> implements Serializable {
  private final TableSpec spec;
  private transient Schema schema;

  protected TableFormat(TableSpec spec) {
    this.spec = spec;
  }

  public final TableSpec spec() {
    return spec;
  }

  /** The Avro schema of the data files, built once per worker (Avro schemas are not reliably serializable). */
  public final Schema schema() {
    if (schema == null) {
      schema = spec.avroSchema();
    }
    return schema;
  }

  protected final GenericData.Record newRecord() {
    return new GenericData.Record(schema());
  }

  /** Puts an exact decimal into a DECIMAL column, at the column's own precision and scale. */
  protected final void putDecimal(GenericData.Record record, String column, BigDecimal value) {
    record.put(column, AvroValues.decimal(schema().getField(column).schema(), value, spec.column(column).scale()));
  }

  /** The value of the table's partition column for this element (an ISO date). */
  public abstract String partitionValue(T element);

  public abstract GenericRecord toRecord(T element);
}
