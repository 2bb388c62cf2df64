package dev.finpipe.io;

import dev.finpipe.io.BronzeRows.SourceRefColumns;
import dev.finpipe.io.TableSpec.Column;
import dev.finpipe.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.joda.time.ReadableInstant;

/**
 * The columns of a model class, derived from its Beam schema so that a record type is the one place its columns are
 * written: {@code customerId} becomes the column {@code customer_id}, a nullable field an optional column, a
 * {@code SourceRef} the three source columns, and the raw {@code payload} is left out (bronze keeps it). Strings,
 * booleans, ints, longs, doubles and instants (as UTC microsecond timestamps) are mapped; other types are refused
 * when the columns are derived, not when a row is written.
 *
 * <p>Records become Avro rows ({@link #put}) and come back ({@link #get}) through Beam {@link Row}s, so a table of
 * such records needs no hand-written mapping; the tables of the change-record domains are built this way.
 */
public final class SchemaRows<T> implements java.io.Serializable {
  private static final String PAYLOAD = "payload";
  private static final String SOURCE_REF = "sourceRef";

  private final Class<T> type;
  private transient Schema schema;
  private transient SerializableFunction<T, Row> toRow;
  private transient SerializableFunction<Row, T> fromRow;

  private SchemaRows(Class<T> type) {
    this.type = type;
  }

  /**
   * The columns of {@code type}, which must have a Beam schema ({@code @DefaultSchema}) and number every getter with
   * {@link SchemaFieldNumber}: Beam orders unnumbered fields as reflection lists them, which the JVM does not fix, and
   * a table's columns must come out in the same order in every run.
   */
  public static <T> SchemaRows<T> of(Class<T> type) {
    for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
      boolean getter = java.lang.reflect.Modifier.isAbstract(method.getModifiers()) && method.getParameterCount() == 0
          && (method.getName().startsWith("get") || method.getName().startsWith("is"));
      if (getter && method.getAnnotation(SchemaFieldNumber.class) == null) {
        throw new IllegalArgumentException(type.getSimpleName() + "." + method.getName() + " has no @SchemaFieldNumber:"
            + " number every getter of a record type whose columns are derived, in the order of the columns");
      }
    }
    SchemaRows<T> rows = new SchemaRows<>(type);
    rows.columns(); // refuse an unmapped field type now
    return rows;
  }

  /** The data columns, in the schema's field order (the source columns where the {@code SourceRef} is). */
  public List<Column> columns() {
    List<Column> columns = new ArrayList<>();
    for (Schema.Field field : schema().getFields()) {
      if (field.getName().equals(PAYLOAD)) {
        continue;
      }
      if (field.getName().equals(SOURCE_REF)) {
        columns.add(Column.required("source", TableSpec.Type.STRING));
        columns.add(Column.required("source_partition", TableSpec.Type.INT));
        columns.add(Column.required("source_offset", TableSpec.Type.LONG));
        continue;
      }
      String name = columnName(field.getName());
      TableSpec.Type columnType = columnType(field);
      columns.add(field.getType().getNullable() ? Column.optional(name, columnType) : Column.required(name, columnType));
    }
    return columns;
  }

  /**
   * Puts {@code record}'s values into {@code row}'s columns: every one of {@link #columns()} that {@code row}'s schema
   * has (a table partitioned by one of them keeps it in the file's directory, not in the file).
   */
  public void put(T record, GenericData.Record row) {
    Row values = toRow().apply(record);
    for (Schema.Field field : schema().getFields()) {
      Object value = values.getValue(field.getName());
      if (field.getName().equals(PAYLOAD)
          || (!field.getName().equals(SOURCE_REF) && row.getSchema().getField(columnName(field.getName())) == null)) {
        continue;
      }
      if (field.getName().equals(SOURCE_REF)) {
        Row ref = (Row) value;
        SourceRefColumns.put(row, SourceRef.of(ref.getString("source"), ref.getInt32("partition"), ref.getInt64("offset")));
        continue;
      }
      row.put(columnName(field.getName()), value instanceof ReadableInstant
          ? AvroValues.timestamp(new Instant(((ReadableInstant) value).getMillis()))
          : value);
    }
  }

  /** The record {@code row} holds; its payload is null. */
  public T get(GenericRecord row) {
    return get(row, null, null);
  }

  /**
   * The record {@code row} holds, with {@code partitionValue} for the column {@code partitionColumn}, which files of a
   * table partitioned by it do not hold.
   */
  public T get(GenericRecord row, @Nullable String partitionColumn, @Nullable String partitionValue) {
    Row.Builder values = Row.withSchema(schema());
    for (Schema.Field field : schema().getFields()) {
      if (field.getName().equals(PAYLOAD)) {
        values.addValue(null);
      } else if (field.getName().equals(SOURCE_REF)) {
        SourceRef ref = SourceRefColumns.get(row);
        values.addValue(Row.withSchema(field.getType().getRowSchema())
            .withFieldValue("source", ref.getSource())
            .withFieldValue("partition", ref.getPartition())
            .withFieldValue("offset", ref.getOffset())
            .build());
      } else if (columnName(field.getName()).equals(partitionColumn)) {
        values.addValue(partitionValue);
      } else {
        values.addValue(value(field, row.get(columnName(field.getName()))));
      }
    }
    return fromRow().apply(values.build());
  }

  private static @Nullable Object value(Schema.Field field, @Nullable Object stored) {
    if (stored == null) {
      return null;
    }
    switch (field.getType().getTypeName()) {
      case DATETIME:
        return new Instant(((Long) stored) / 1000);
      case STRING:
        return stored.toString(); // Avro reads strings as Utf8
      default:
        return stored;
    }
  }

  /** {@code customerId} is {@code customer_id}. */
  static String columnName(String field) {
    StringBuilder name = new StringBuilder();
    for (char c : field.toCharArray()) {
      if (Character.isUpperCase(c)) {
        name.append('_').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString().toLowerCase(Locale.ROOT);
  }

  private TableSpec.Type columnType(Schema.Field field) {
    switch (field.getType().getTypeName()) {
      case STRING:
        return TableSpec.Type.STRING;
      case BOOLEAN:
        return TableSpec.Type.BOOLEAN;
      case INT32:
        return TableSpec.Type.INT;
      case INT64:
        return TableSpec.Type.LONG;
      case DOUBLE:
        return TableSpec.Type.DOUBLE;
      case DATETIME:
        return TableSpec.Type.TIMESTAMP;
      default:
        throw new IllegalArgumentException(type.getSimpleName() + "." + field.getName() + " is a "
            + field.getType().getTypeName() + ", which has no column type here (strings, booleans, ints, longs, "
            + "doubles, instants)");
    }
  }

  private Schema schema() {
    if (schema == null) {
      SchemaRegistry registry = SchemaRegistry.createDefault();
      try {
        schema = registry.getSchema(type);
        toRow = registry.getToRowFunction(type);
        fromRow = registry.getFromRowFunction(type);
      } catch (NoSuchSchemaException e) {
        throw new IllegalArgumentException(type.getName() + " has no Beam schema; annotate it with @DefaultSchema", e);
      }
    }
    return schema;
  }

  private SerializableFunction<T, Row> toRow() {
    schema();
    return toRow;
  }

  private SerializableFunction<Row, T> fromRow() {
    schema();
    return fromRow;
  }
}
