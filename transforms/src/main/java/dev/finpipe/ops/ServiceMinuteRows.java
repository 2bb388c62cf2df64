package dev.finpipe.ops;

import dev.finpipe.io.SchemaRows;
import dev.finpipe.io.TableFormat;
import dev.finpipe.io.TableSpec;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * {@link ServiceMinute}s as rows of {@code gold/service_minute}: the columns are the record type's own
 * ({@link SchemaRows}), partitioned by {@code date}, the UTC date of the minute.
 */
public final class ServiceMinuteRows extends TableFormat<ServiceMinute> {
  public static final String PATH = "gold/service_minute";
  public static final String PARTITION_COLUMN = "date";

  private static final SchemaRows<ServiceMinute> COLUMNS = SchemaRows.of(ServiceMinute.class);

  /** The table's layout, derived from {@link ServiceMinute}. */
  public static final TableSpec SPEC =
      TableSpec.of(PATH, PARTITION_COLUMN, COLUMNS.columns().toArray(new TableSpec.Column[0]));

  private final SchemaRows<ServiceMinute> columns = COLUMNS;

  public ServiceMinuteRows() {
    super(SPEC);
  }

  @Override
  public String partitionValue(ServiceMinute row) {
    return row.date();
  }

  @Override
  public GenericRecord toRecord(ServiceMinute row) {
    GenericData.Record r = newRecord();
    columns.put(row, r);
    return r;
  }

  /** The row a record of the table holds (its date is its minute's). */
  public static ServiceMinute fromRecord(GenericRecord r) {
    return COLUMNS.get(r);
  }
}
