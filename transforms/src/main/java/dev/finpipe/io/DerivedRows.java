package dev.finpipe.io;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * The rows of a table whose columns are a record type's own ({@link SchemaRows}), partitioned by a value the record
 * gives ({@code partitionOf}): a gold table of derived records needs no mapping written by hand. When the partition
 * column is itself one of the record's columns, it lives in the file's directory only, as Delta keeps partition
 * columns, and comes back from there ({@link #fromRecordOf}).
 */
public final class DerivedRows<T> extends TableFormat<T> {
  private final SchemaRows<T> columns;
  private final SerializableFunction<T, String> partitionOf;

  private DerivedRows(TableSpec spec, SchemaRows<T> columns, SerializableFunction<T, String> partitionOf) {
    super(spec);
    this.columns = columns;
    this.partitionOf = partitionOf;
  }

  /** The table {@code path} of {@code type}'s records, partitioned by {@code partitionColumn} = {@code partitionOf}. */
  public static <T> DerivedRows<T> of(
      String path, String partitionColumn, Class<T> type, SerializableFunction<T, String> partitionOf) {
    SchemaRows<T> columns = SchemaRows.of(type);
    TableSpec spec = TableSpec.of(path, partitionColumn, columns.columns().stream()
        .filter(c -> !c.name().equals(partitionColumn))
        .toArray(TableSpec.Column[]::new));
    return new DerivedRows<>(spec, columns, partitionOf);
  }

  @Override
  public String partitionValue(T record) {
    return partitionOf.apply(record);
  }

  @Override
  public GenericRecord toRecord(T record) {
    GenericData.Record r = newRecord();
    columns.put(record, r);
    return r;
  }

  /** How a row becomes its record, for a table whose partition value the record derives (no column of it holds it). */
  public SerializableFunction<GenericRecord, T> fromRecord() {
    return r -> columns.get(r);
  }

  /** How a row of the partition {@code partitionValue} becomes its record. */
  public SerializableFunction<GenericRecord, T> fromRecordOf(String partitionValue) {
    String partitionColumn = spec().partitionColumn();
    return r -> columns.get(r, partitionColumn, partitionValue);
  }
}
