package dev.finpipe.io;

import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes one run's rows of a table as Snappy Parquet files under
 * {@code <warehouse>/<table>/<partition_column>=<date>/part-<runId>-<shard>-<random>.snappy.parquet}. Nothing is visible to
 * readers until the Delta committer adds exactly these files (found by their run id) to the table's log; files of a
 * run that never commits are removed by the vacuum.
 *
 * <pre>{@code rows.apply("WriteSilver", WriteTableFiles.of(new SilverRows()).to(warehouse).forRun(runId)); }</pre>
 */
public final class WriteTableFiles<T> extends PTransform<PCollection<T>, WriteFilesResult<String>> {
  private final TableFormat<T> format;
  private final String warehouse;
  private final String runId;

  private WriteTableFiles(TableFormat<T> format, String warehouse, String runId) {
    this.format = format;
    this.warehouse = warehouse;
    this.runId = runId;
  }

  public static <T> WriteTableFiles<T> of(TableFormat<T> format) {
    return new WriteTableFiles<>(format, null, null);
  }

  public WriteTableFiles<T> to(String warehouse) {
    return new WriteTableFiles<>(format, warehouse, runId);
  }

  public WriteTableFiles<T> forRun(String runId) {
    return new WriteTableFiles<>(format, warehouse, runId);
  }

  /** The file name prefix that marks every file a run writes; the committer looks files up by it. */
  public static String filePrefix(String runId) {
    return "part-" + runId + "-";
  }

  /**
   * Beam's temporary files of a run's writes to a table go under this folder of the table directory, so the run that
   * cleans up after a failed attempt removes exactly that attempt's.
   */
  public static String tempFolder(String runId) {
    return ".temp-beam-" + runId;
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<T> rows) {
    if (warehouse == null || runId == null) {
      throw new IllegalStateException("WriteTableFiles needs .to(warehouse) and .forRun(runId)");
    }
    TableSpec spec = format.spec();
    String tableDir = warehouse + "/" + spec.path();
    return rows.apply("GlobalWindow", Window.<T>into(new GlobalWindows()))
        .apply("CountRows", CountElements.as(WriteTableFiles.class, rowsCounterName(spec.path())))
        .apply(
            "WriteParquet",
            FileIO.<String, T>writeDynamic()
                .by(new PartitionOf<>(format))
                .via(Contextful.fn(format::toRecord), ParquetIO.sink(format.schema())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withConfiguration(ParquetConfiguration.of(Map.of())))
                .to(tableDir)
                .withTempDirectory(tableDir + "/" + tempFolder(runId))
                .withDestinationCoder(StringUtf8Coder.of())
                .withNaming(new NamingFor(spec.partitionColumn(), runId)));
  }

  /**
   * The name of a run's data file within its partition directory: the run's prefix, the shard and a random part.
   * Shard numbers alone are not unique on every runner (the SparkRunner finalizes runner-sharded bundles with
   * colliding indices, and the later rename would overwrite the earlier file), hence the random part.
   */
  public static String fileName(String runId, int shard) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    return String.format("%s%05d-%s.snappy.parquet", filePrefix(runId), Math.max(shard, 0), unique);
  }

  /** The rows each table receives, for the run's summary and its books. */
  public static String rowsCounterName(String tablePath) {
    return "rows_" + tablePath.replace('/', '_');
  }

  static final class PartitionOf<T> implements SerializableFunction<T, String> {
    private final TableFormat<T> format;

    PartitionOf(TableFormat<T> format) {
      this.format = format;
    }

    @Override
    public String apply(T element) {
      return format.partitionValue(element);
    }
  }

  static final class NamingFor implements SerializableFunction<String, FileIO.Write.FileNaming> {
    private final String partitionColumn;
    private final String runId;

    NamingFor(String partitionColumn, String runId) {
      this.partitionColumn = partitionColumn;
      this.runId = runId;
    }

    @Override
    public FileIO.Write.FileNaming apply(String partitionValue) {
      return new RunFileNaming(partitionColumn + "=" + partitionValue, runId);
    }
  }

  static final class RunFileNaming implements FileIO.Write.FileNaming {
    private final String partitionDir;
    private final String runId;

    RunFileNaming(String partitionDir, String runId) {
      this.partitionDir = partitionDir;
      this.runId = runId;
    }

    /** The committer checks that the files it finds hold exactly the rows the pipeline counted. */
    @Override
    public String getFilename(
        BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
      return partitionDir + "/" + fileName(runId, shardIndex);
    }
  }
}
