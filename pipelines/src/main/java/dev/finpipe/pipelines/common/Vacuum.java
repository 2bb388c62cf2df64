package dev.finpipe.pipelines.common;

import dev.finpipe.domain.Domains;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
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
 * Deletes the data files no version within the retention needs, as Delta's VACUUM does: files that a version removed
 * (gold replacing a partition, a compaction) more than {@code --retain} ago and no live file uses. Also removes what
 * failed runs left behind: Parquet files the log does not reference (neither live nor removed within the tombstone
 * retention), and Beam's temporary folders, once older than {@code --olderThan}. Files a reader of any version within
 * the retention may open are never touched.
 */
public final class Vacuum {
  private static final Logger LOG = LoggerFactory.getLogger(Vacuum.class);

  /** Options of {@code make vacuum}. */
  public interface Options extends WarehouseOptions, RunOptions {
    @Description("Only remove leftovers older than this (protects runs still writing), e.g. 1h, 0s.")
    @Default.String("1h")
    String getOlderThan();

    void setOlderThan(String olderThan);

    @Description("Delete files removed from the tables longer ago than this (Delta's VACUUM RETAIN), e.g. 168h, 30d.")
    @Default.String("168h")
    String getRetain();

    void setRetain(String retain);

    @Description("Allow --retain below 1h (readers of recent versions, or a lagging stage, may still need the files).")
    @Default.Boolean(false)
    boolean getForce();

    void setForce(boolean force);
  }

  /** Below this, {@code --retain} needs {@code --force}. */
  static final Duration MIN_RETAIN = Duration.standardHours(1);

  private Vacuum() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exit(() -> run(options), options);
  }

  public static RunReport run(Options options) {
    long start = System.currentTimeMillis();
    String warehouse = Warehouses.normalize(options.getWarehouse());
    Duration olderThan = Durations.parse("olderThan", options.getOlderThan());
    Duration retain = Durations.parse("retain", options.getRetain());
    if (retain.isShorterThan(MIN_RETAIN) && !options.getForce()) {
      throw new IllegalArgumentException(
          "--retain=" + options.getRetain() + " is below 1h: readers of recent versions and stages that have not yet "
              + "read them may still need those files; add --force to delete them anyway");
    }
    RunReport report = new RunReport("vacuum", RunIds.next("vacuum"), "driver");
    for (TableSpec spec : Domains.allTables()) {
      report.count("removed files past retention deleted from " + spec.path(), removeExpired(warehouse, spec, retain));
      report.count("leftover files removed from " + spec.path(), removeLeftovers(warehouse, spec, "", olderThan));
    }
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }

  /**
   * Removes every data file and the temporary folder of {@code runId} in the table. Only for a run that never decided
   * its commits (see {@link CommitJournal}): none of its files is in any version. Returns the number of files removed.
   */
  public static long removeRunFiles(String warehouse, TableSpec spec, String runId) {
    String prefix = WriteTableFiles.filePrefix(runId);
    long removed = 0;
    try {
      FileSystem fs = new Path(RunFiles.tableDir(warehouse, spec)).getFileSystem(HadoopConfigurations.create());
      for (FileStatus file : RunFiles.listDataFiles(warehouse, spec)) {
        if (file.getPath().getName().startsWith(prefix) && fs.delete(file.getPath(), false)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the files of " + runId + " from " + spec.path(), e);
    }
    removeTempFolder(warehouse, spec, runId);
    return removed;
  }

  /** Removes the folder of Beam's temporary files that {@code runId}'s writes to the table used, if it is there. */
  public static void removeTempFolder(String warehouse, TableSpec spec, String runId) {
    Path temp = new Path(RunFiles.tableDir(warehouse, spec) + "/" + WriteTableFiles.tempFolder(runId));
    try {
      temp.getFileSystem(HadoopConfigurations.create()).delete(temp, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + temp, e);
    }
  }

  /**
   * Deletes the files versions removed at least {@code retain} ago that no live file uses; returns how many existed
   * and were deleted.
   */
  public static long removeExpired(String warehouse, TableSpec spec, Duration retain) {
    DeltaTable table = DeltaTable.at(warehouse, spec);
    Path tableDir = new Path(RunFiles.tableDir(warehouse, spec));
    long removed = 0;
    try {
      FileSystem fs = tableDir.getFileSystem(HadoopConfigurations.create());
      for (String relative : table.removedAtOrBefore(System.currentTimeMillis() - retain.getMillis())) {
        if (fs.delete(new Path(tableDir, relative), false)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot vacuum " + tableDir, e);
    }
    if (removed > 0) {
      LOG.info("Deleted {} files removed from {} more than {} ago", removed, tableDir, retain);
    }
    return removed;
  }

  /**
   * Removes unreferenced files of runs whose id starts with {@code runIdPrefix} (a stage name, or "" for all) that
   * are older than {@code olderThan}, and Beam temporary folders as old. Returns the number of files removed.
   */
  public static long removeLeftovers(String warehouse, TableSpec spec, String runIdPrefix, Duration olderThan) {
    long cutoff = System.currentTimeMillis() - olderThan.getMillis();
    // Live files and tombstones from the latest checkpoint on: cheap enough for every batch of a stage.
    Set<String> committed = DeltaTable.at(warehouse, spec).referencedPaths();
    // A run its journal still holds is finished (or rolled back) by its stage's next run, which needs its files.
    Set<String> unfinished = CommitJournal.unfinishedRuns(warehouse);
    Path tableDir = new Path(RunFiles.tableDir(warehouse, spec));
    long removed = 0;
    try {
      FileSystem fs = tableDir.getFileSystem(HadoopConfigurations.create());
      String qualifiedBase = fs.makeQualified(tableDir).toUri().getPath();
      String ownPrefix = "part-" + runIdPrefix;
      for (FileStatus file : RunFiles.listDataFiles(warehouse, spec)) {
        String relative = file.getPath().toUri().getPath().substring(qualifiedBase.length() + 1);
        String name = file.getPath().getName();
        if (!committed.contains(relative)
            && name.startsWith(ownPrefix)
            && unfinished.stream().noneMatch(r -> name.startsWith(WriteTableFiles.filePrefix(r)))
            && file.getModificationTime() <= cutoff) {
          fs.delete(file.getPath(), false);
          removed++;
        }
      }
      if (fs.exists(tableDir)) {
        for (FileStatus child : fs.listStatus(tableDir)) {
          if (child.isDirectory()
              && child.getPath().getName().startsWith(".temp-beam")
              && unfinished.stream().noneMatch(r -> child.getPath().getName().equals(WriteTableFiles.tempFolder(r)))
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
