package dev.finpipe.io;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The layout of one lakehouse table: its path under the warehouse, its data columns and its date partition column.
 * It is the single description from which both the Parquet (Avro) schema the pipelines write and the Delta schema
 * the committer declares are derived, so the two can never disagree.
 *
 * <p>The partition column is not stored in the data files: as in any Delta table, its value lives in the file's
 * directory ({@code event_date=2026-11-22/}) and in the log.
 */
@AutoValue
public abstract class TableSpec implements Serializable {

  /** Column types the lakehouse uses; each maps to one Parquet and one Delta type. */
  public enum Type {
    STRING,
    INT,
    LONG,
    BOOLEAN,
    /** 64-bit floating point, for measures (Parquet DOUBLE, Delta {@code double}); never an amount. */
    DOUBLE,
    /** Microsecond UTC timestamp (Parquet INT64 TIMESTAMP_MICROS, Delta {@code timestamp}). */
    TIMESTAMP,
    /** Exact decimal (Parquet BINARY DECIMAL, Delta {@code decimal(p,s)}). */
    DECIMAL
  }

  /** One data column. */
  @AutoValue
  public abstract static class Column implements Serializable {
    public abstract String name();

    public abstract Type type();

    public abstract boolean nullable();

    /** Decimal precision and scale; zero for other types. */
    public abstract int precision();

    public abstract int scale();

    public static Column required(String name, Type type) {
      return new AutoValue_TableSpec_Column(name, type, false, 0, 0);
    }

    public static Column optional(String name, Type type) {
      return new AutoValue_TableSpec_Column(name, type, true, 0, 0);
    }

    public static Column decimal(String name, int precision, int scale) {
      return new AutoValue_TableSpec_Column(name, Type.DECIMAL, false, precision, scale);
    }
  }

  /** Path relative to the warehouse, e.g. {@code silver/transactions}. */
  public abstract String path();

  /** The date column the table is partitioned by. */
  public abstract String partitionColumn();

  public abstract List<Column> columns();

  public static TableSpec of(String path, String partitionColumn, Column... columns) {
    return new AutoValue_TableSpec(path, partitionColumn, List.copyOf(Arrays.asList(columns)));
  }

  public Column column(String name) {
    return columns().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No column " + name + " in " + path()));
  }

  /** The Avro schema of the data files (partition column excluded). */
  public Schema avroSchema() {
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(path().replace('/', '_')).namespace("dev.finpipe.tables").fields();
    for (Column column : columns()) {
      Schema type = avroType(column);
      fields =
          column.nullable()
              ? fields.name(column.name()).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type)).withDefault(null)
              : fields.name(column.name()).type(type).noDefault();
    }
    return fields.endRecord();
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    columns().forEach(c -> names.add(c.name()));
    return names;
  }

  /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits. */
  public static int decimalBytes(int precision) {
    int bytes = 1;
    while (java.math.BigInteger.TEN.pow(precision).compareTo(java.math.BigInteger.ONE.shiftLeft(8 * bytes - 1)) >= 0) {
      bytes++;
    }
    return bytes;
  }

  private static Schema avroType(Column column) {
    switch (column.type()) {
      case STRING:
        return Schema.create(Schema.Type.STRING);
      case INT:
        return Schema.create(Schema.Type.INT);
      case LONG:
        return Schema.create(Schema.Type.LONG);
      case BOOLEAN:
        return Schema.create(Schema.Type.BOOLEAN);
      case DOUBLE:
        return Schema.create(Schema.Type.DOUBLE);
      case TIMESTAMP:
        return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case DECIMAL:
        // Fixed-length, as Spark writes decimals: every Parquet reader maps FIXED_LEN_BYTE_ARRAY to a decimal of
        // any precision, while Spark's vectorized reader refuses BINARY decimals of precision 18 or less.
        return LogicalTypes.decimal(column.precision(), column.scale())
            .addToSchema(
                Schema.createFixed(
                    "decimal_" + column.precision() + "_" + column.scale(), null, "dev.finpipe.tables",
                    decimalBytes(column.precision())));
      default:
        throw new IllegalStateException("Unmapped column type " + column.type());
    }
  }
}
