package dev.finpipe.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.joda.time.Instant;

/**
 * Finds the files a run wrote into a table (by the run id in their names) and describes each from the file system
 * and its Parquet footer: size, modification time, row count, latest event time and column statistics. Works on any
 * Hadoop file system, so the same code serves a local warehouse and a cluster's.
 */
public final class RunFiles {
  /** The column whose largest value is a file's latest event time (the silver watermark derives from it). */
  static final String EVENT_TIME = "event_time";

  private RunFiles() {}

  public static String tableDir(String warehouse, TableSpec spec) {
    return warehouse + "/" + spec.path();
  }

  /** The table directory as a fully qualified path, so relative warehouses compare equal to listed files. */
  static Path qualifiedTableDir(String warehouse, TableSpec spec, Configuration conf) {
    Path dir = new Path(tableDir(warehouse, spec));
    try {
      return dir.getFileSystem(conf).makeQualified(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + dir, e);
    }
  }

  /** The files of {@code runId} in the table, sorted by path; empty when the run wrote none. */
  public static List<DataFile> find(String warehouse, TableSpec spec, String runId) {
    String prefix = WriteTableFiles.filePrefix(runId);
    // One Configuration for the listing and all footers: each new one parses the Hadoop XML defaults again.
    Configuration conf = HadoopConfigurations.create();
    Path dir = qualifiedTableDir(warehouse, spec, conf);
    List<DataFile> files = new ArrayList<>();
    for (FileStatus status : listDataFiles(dir, conf)) {
      if (status.getPath().getName().startsWith(prefix)) {
        files.add(describe(dir, conf, status));
      }
    }
    files.sort(Comparator.comparing(DataFile::relativePath));
    return files;
  }

  /**
   * Every Parquet file under the table directory outside the Delta log and outside hidden or temporary folders,
   * committed or not.
   */
  public static List<FileStatus> listDataFiles(String warehouse, TableSpec spec) {
    Configuration conf = HadoopConfigurations.create();
    return listDataFiles(qualifiedTableDir(warehouse, spec, conf), conf);
  }

  private static List<FileStatus> listDataFiles(Path dir, Configuration conf) {
    List<FileStatus> files = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir)) {
        collectDataFiles(fs, dir, files);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  // listStatus rather than listFiles(recursive): the latter builds LocatedFileStatus, which on the local file system
  // forks `ls -ld` per file for its permissions (seconds for a quarantine of a few hundred partitions).
  private static void collectDataFiles(FileSystem fs, Path dir, List<FileStatus> files) throws IOException {
    for (FileStatus status : fs.listStatus(dir)) {
      String name = status.getPath().getName();
      if (isHidden(name)) {
        continue;
      }
      if (status.isDirectory()) {
        collectDataFiles(fs, status.getPath(), files);
      } else if (name.endsWith(".parquet")) {
        files.add(status);
      }
    }
  }

  static DataFile describe(Path dir, Configuration conf, FileStatus status) {
    String relative = relativePath(dir, status.getPath());
    String partitionDir = relative.substring(0, relative.indexOf('/'));
    String partitionValue = partitionDir.substring(partitionDir.indexOf('=') + 1);
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromStatus(status, conf))) {
      ParquetMetadata footer = reader.getFooter();
      long rows = 0;
      Long maxMicros = null;
      for (BlockMetaData block : footer.getBlocks()) {
        rows += block.getRowCount();
        for (ColumnChunkMetaData column : block.getColumns()) {
          if (column.getPath().toDotString().equals(EVENT_TIME)) {
            Statistics<?> stats = column.getStatistics();
            if (stats != null && stats.hasNonNullValue()) {
              long max = (Long) stats.genericGetMax();
              maxMicros = maxMicros == null ? max : Math.max(maxMicros, max);
            }
          }
        }
      }
      Instant maxEventTime = maxMicros == null ? null : new Instant(Math.floorDiv(maxMicros, 1000L));
      return DataFile.of(
          relative, partitionValue, status.getLen(), status.getModificationTime(), rows, maxEventTime,
          FileStats.fromFooter(footer, FileStats.DEFAULT_INDEXED_COLUMNS));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Parquet footer of " + status.getPath(), e);
    }
  }

  static String relativePath(Path tableDir, Path file) {
    String base = tableDir.toUri().getPath();
    String path = file.toUri().getPath();
    return path.substring(base.length() + 1);
  }

  /** Delta convention: names starting with {@code _} or {@code .} (the log, Beam's temp folders) are not data. */
  private static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }
}
