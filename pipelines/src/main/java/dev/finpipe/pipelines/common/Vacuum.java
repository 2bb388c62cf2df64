package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.options.Durations;
import dev.finpipe.options.WarehouseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what failed runs left behind: Parquet files no Delta version ever added, and Beam's temporary folders.
 * Committed files, including ones a later version removed (time travel still reads them), are never touched.
 */
public final class Vacuum {
  private static final Logger LOG = LoggerFactory.getLogger(Vacuum.class);

  /** Options of {@code make vacuum}. */
  public interface Options extends WarehouseOptions, RunOptions {
    @Description("Only remove leftovers older than this (protects runs still writing), e.g. 1h, 0s.")
    @Default.String("1h")
    String getOlderThan();

    void setOlderThan(String olderThan);
  }

  private Vacuum() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exit(() -> run(options), options);
  }

  public static RunReport run(Options options) {
    long start = System.currentTimeMillis();
    String warehouse = Warehouses.normalize(options.getWarehouse());
    Duration olderThan = Durations.parse("olderThan", options.getOlderThan());
    RunReport report = new RunReport("vacuum", RunIds.next("vacuum"), "driver");
    for (TableSpec spec : Tables.ALL) {
      report.count("leftover files removed from " + spec.path(), removeLeftovers(warehouse, spec, "", olderThan));
    }
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }

  /**
   * Removes uncommitted files of runs whose id starts with {@code runIdPrefix} (a stage name, or "" for all) that
   * are older than {@code olderThan}, and Beam temporary folders as old. Returns the number of files removed.
   */
  public static long removeLeftovers(String warehouse, TableSpec spec, String runIdPrefix, Duration olderThan) {
    long cutoff = System.currentTimeMillis() - olderThan.getMillis();
    Set<String> committed = DeltaTable.at(warehouse, spec).everCommittedPaths();
    Path tableDir = new Path(RunFiles.tableDir(warehouse, spec));
    long removed = 0;
    try {
      FileSystem fs = tableDir.getFileSystem(HadoopConfigurations.create());
      String qualifiedBase = fs.makeQualified(tableDir).toUri().getPath();
      String ownPrefix = "part-" + runIdPrefix;
      for (FileStatus file : RunFiles.listDataFiles(warehouse, spec)) {
        String relative = file.getPath().toUri().getPath().substring(qualifiedBase.length() + 1);
        if (!committed.contains(relative)
            && file.getPath().getName().startsWith(ownPrefix)
            && file.getModificationTime() <= cutoff) {
          fs.delete(file.getPath(), false);
          removed++;
        }
      }
      if (fs.exists(tableDir)) {
        for (FileStatus child : fs.listStatus(tableDir)) {
          if (child.isDirectory()
              && child.getPath().getName().startsWith(".temp-beam")
              && child.getModificationTime() <= cutoff) {
            fs.delete(child.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean " + tableDir, e);
    }
    if (removed > 0) {
      LOG.info("Removed {} uncommitted files from {}", removed, tableDir);
    }
    return removed;
  }
}
