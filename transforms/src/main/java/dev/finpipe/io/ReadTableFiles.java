package dev.finpipe.io;

import java.util.List;
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

/**
 * Reads exactly the given Parquet files (the ones a Delta snapshot or version range lists) and parses each row.
 * An empty list reads nothing, so a stage with no new upstream data still builds a valid pipeline.
 */
public final class ReadTableFiles<T> extends PTransform<PBegin, PCollection<T>> {
  private final List<String> files;
  private final SerializableFunction<GenericRecord, T> parseFn;
  private final Coder<T> coder;

  private ReadTableFiles(List<String> files, SerializableFunction<GenericRecord, T> parseFn, Coder<T> coder) {
    this.files = List.copyOf(files);
    this.parseFn = parseFn;
    this.coder = coder;
  }

  public static <T> ReadTableFiles<T> of(
      List<String> files, SerializableFunction<GenericRecord, T> parseFn, Coder<T> coder) {
    return new ReadTableFiles<>(files, parseFn, coder);
  }

  @Override
  public PCollection<T> expand(PBegin begin) {
    return begin
        .apply("ListFiles", Create.of(files).withCoder(StringUtf8Coder.of()))
        // One file per worker rather than all files in the single bundle Create makes.
        .apply("SpreadFiles", Reshuffle.viaRandomKey())
        .apply("MatchFiles", FileIO.matchAll())
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ParseRows", ParquetIO.parseFilesGenericRecords(parseFn).withCoder(coder));
  }
}
