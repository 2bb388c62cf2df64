package dev.finpipe.pipelines.maintenance;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.WriteTableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Rewrites one partition's small files sorted by a {@link SortOrder} into files of about the target size, each
 * covering its own narrow range of the sort columns. An external merge sort, so the driver holds one input file's
 * rows at a time: each input file is sorted on its own into a temporary run (under the run's {@code .temp-beam-}
 * folder, which the vacuum also removes after a crash), then the runs are merged into the new files.
 */
final class SortedRewrite {
  private SortedRewrite() {}

  /** Writes the bin's rows as the run's files {@code firstShard, firstShard + 1, ...}; returns how many. */
  static int write(
      String warehouse, DeltaTable table, TableSpec spec, String runId, int firstShard, List<DataFile> bin,
      SortOrder order, long targetBytes) {
    Schema schema = spec.avroSchema();
    Configuration conf = Optimize.readConf(schema);
    Path temp = new Path(RunFiles.tableDir(warehouse, spec) + "/" + WriteTableFiles.tempFolder(runId) + "/sort-" + firstShard);
    long bytes = bin.stream().mapToLong(DataFile::sizeBytes).sum();
    int outputs = (int) Math.max(1, (bytes + targetBytes - 1) / targetBytes);
    List<Run> runs = new ArrayList<>();
    try {
      long rows = 0;
      for (int i = 0; i < bin.size(); i++) {
        rows += sortedRun(new Path(table.absolutePath(bin.get(i))), new Path(temp, "run-" + i + ".parquet"), schema, conf, order);
      }
      long rowsPerFile = Math.max(1, (rows + outputs - 1) / outputs);
      PriorityQueue<Run> heads =
          new PriorityQueue<>((a, b) -> {
            int c = order.comparator().compare(a.head, b.head);
            return c != 0 ? c : Integer.compare(a.index, b.index); // ties keep the files' order: deterministic
          });
      for (int i = 0; i < bin.size(); i++) {
        Run run = new Run(i, Optimize.reader(new Path(temp, "run-" + i + ".parquet"), conf));
        runs.add(run);
        if (run.advance()) {
          heads.add(run);
        }
      }
      int written = 0;
      ParquetWriter<GenericRecord> writer = null;
      long inFile = 0;
      try {
        while (!heads.isEmpty()) {
          Run run = heads.poll();
          if (writer == null || inFile == rowsPerFile) {
            if (writer != null) {
              writer.close();
            }
            writer = Optimize.writer(
                Optimize.outputPath(warehouse, spec, bin.get(0).partitionValue(), runId, firstShard + written), schema, conf);
            written++;
            inFile = 0;
          }
          writer.write(run.head);
          inFile++;
          if (run.advance()) {
            heads.add(run);
          }
        }
      } finally {
        if (writer != null) {
          writer.close();
        }
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rewrite " + bin.size() + " files of " + spec.path() + " sorted by "
          + String.join(",", order.columns()), e);
    } finally {
      for (Run run : runs) {
        run.close();
      }
      try {
        temp.getFileSystem(HadoopConfigurations.create()).delete(temp, true);
      } catch (IOException e) {
        // Left for the vacuum, which removes a run's temporary folder once it is older than --olderThan.
      }
    }
  }

  /** Sorts one input file's rows into a temporary file; returns its row count. */
  private static long sortedRun(Path source, Path target, Schema schema, Configuration conf, SortOrder order)
      throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = Optimize.reader(source, conf)) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        rows.add(r);
      }
    }
    rows.sort(order.comparator()); // stable: equal keys keep the file's order
    try (ParquetWriter<GenericRecord> writer = Optimize.writer(target, schema, conf)) {
      for (GenericRecord r : rows) {
        writer.write(r);
      }
    }
    return rows.size();
  }

  /** One sorted run being merged, with its next row. */
  private static final class Run {
    final int index;
    final ParquetReader<GenericRecord> reader;
    GenericRecord head;

    Run(int index, ParquetReader<GenericRecord> reader) {
      this.index = index;
      this.reader = reader;
    }

    boolean advance() throws IOException {
      head = reader.read();
      return head != null;
    }

    void close() {
      try {
        reader.close();
      } catch (IOException e) {
        // A reader of a temporary file: nothing to keep.
      }
    }
  }
}
