package dev.finpipe.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.avro.AvroReadSupport;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads exactly the given Parquet files (the ones a Delta snapshot or version range lists) and parses each row.
 * An empty list reads nothing, so a stage with no new upstream data still builds a valid pipeline.
 * {@link #onlyColumns} reads just the named columns (Parquet is columnar: the others are not even decoded).
 */
public final class ReadTableFiles<T> extends PTransform<PBegin, PCollection<T>> {
  private final List<String> files;
  private final SerializableFunction<GenericRecord, T> parseFn;
  private final Coder<T> coder;
  private final @Nullable String projection;

  private ReadTableFiles(
      List<String> files, SerializableFunction<GenericRecord, T> parseFn, Coder<T> coder, @Nullable String projection) {
    this.files = List.copyOf(files);
    this.parseFn = parseFn;
    this.coder = coder;
    this.projection = projection;
  }

  public static <T> ReadTableFiles<T> of(
      List<String> files, SerializableFunction<GenericRecord, T> parseFn, Coder<T> coder) {
    return new ReadTableFiles<>(files, parseFn, coder, null);
  }

  /** Reads only {@code columns} of the table's schema; {@code parseFn} then sees records holding just those. */
  public ReadTableFiles<T> onlyColumns(Schema tableSchema, String... columns) {
    return new ReadTableFiles<>(files, parseFn, coder, projection(tableSchema, columns).toString());
  }

  /** The record schema of just {@code columns} of {@code tableSchema}: a Parquet read projection. */
  public static Schema projection(Schema tableSchema, String... columns) {
    List<Schema.Field> fields = new ArrayList<>();
    for (String column : columns) {
      Schema.Field field = tableSchema.getField(column);
      if (field == null) {
        throw new IllegalArgumentException("No column " + column + " in " + tableSchema.getFullName());
      }
      fields.add(new Schema.Field(field.name(), field.schema(), field.doc(), field.defaultVal()));
    }
    return Schema.createRecord(tableSchema.getName(), tableSchema.getDoc(), tableSchema.getNamespace(), false, fields);
  }

  @Override
  public PCollection<T> expand(PBegin begin) {
    return begin
        .apply("ListFiles", Create.of(files).withCoder(StringUtf8Coder.of()))
        // One file per worker rather than all files in the single bundle Create makes.
        .apply("SpreadFiles", Reshuffle.viaRandomKey())
        .apply("MatchFiles", FileIO.matchAll())
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ParseRows", ParquetIO.parseFilesGenericRecords(parseFn).withCoder(coder)
            .withConfiguration(ParquetConfiguration.of(
                projection == null ? Map.of() : Map.of(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection))));
  }
}
