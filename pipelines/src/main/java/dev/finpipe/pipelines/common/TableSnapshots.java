package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a table's current rows on the driver, as its Delta log defines them. For summaries and tests on small
 * tables; pipelines read with {@code ReadTableFiles} instead.
 */
public final class TableSnapshots {
  private TableSnapshots() {}

  /** Calls {@code action} with each live row and the partition value of its file. */
  public static void forEachRow(String warehouse, TableSpec spec, BiConsumer<String, GenericRecord> action) {
    forEachRowAt(warehouse, spec, null, action);
  }

  /** The same for the table as of {@code version} (time travel); null for the latest. */
  public static void forEachRowAt(
      String warehouse, TableSpec spec, @Nullable Long version, BiConsumer<String, GenericRecord> action) {
    DeltaTable table = DeltaTable.at(warehouse, spec);
    for (DataFile file : version == null ? table.liveFiles(null) : table.liveFilesAt(version)) {
      String path = table.absolutePath(file);
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(new Path(path), HadoopConfigurations.create())).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          action.accept(file.partitionValue(), r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path, e);
      }
    }
  }

  /**
   * Calls {@code action} with each row of the given files (absolute paths), reading only the columns of
   * {@code projection} when it is not null.
   */
  public static void forEachRowOf(List<String> files, @Nullable Schema projection, Consumer<GenericRecord> action) {
    Configuration conf = HadoopConfigurations.create();
    if (projection != null) {
      AvroReadSupport.setRequestedProjection(conf, projection);
    }
    for (String path : files) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(new Path(path), conf)).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          action.accept(r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path, e);
      }
    }
  }

  public static List<GenericRecord> rows(String warehouse, TableSpec spec) {
    List<GenericRecord> rows = new ArrayList<>();
    forEachRow(warehouse, spec, (partition, r) -> rows.add(r));
    return rows;
  }
}
