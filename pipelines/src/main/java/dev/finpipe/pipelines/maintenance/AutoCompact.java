package dev.finpipe.pipelines.maintenance;

import dev.finpipe.domain.Domains;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunReport;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --autoCompact=N}: after a stage's batch, the partitions of the tables it committed to that hold more than
 * {@code N} files below the target are compacted as {@code make optimize} would (sorted by the table's cluster key),
 * as one {@code dataChange=false} commit per table. It runs in the stage's own loop between batches, so it never
 * races its own stage; a conflicting commit of another process (gold replacing a partition) makes it plan again, up
 * to three times, and then leave the table as it is. Its failure never fails the batch, which is committed already.
 */
public final class AutoCompact {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompact.class);
  static final long TARGET_BYTES = Optimize.DEFAULT_TARGET_MB * 1024L * 1024L;
  static final int MAX_ATTEMPTS = 3;

  private AutoCompact() {}

  /** The batch, followed by its auto compaction; {@code threshold} 0 is the batch alone. */
  public static Supplier<RunReport> after(String warehouse, int threshold, Supplier<RunReport> batch) {
    check(threshold);
    return threshold == 0 ? batch : () -> {
      RunReport report = batch.get();
      run(warehouse, threshold, List.of(report), () -> {});
      return report;
    };
  }

  /** {@link #after} for a batch of several stages (the one-process medallion). */
  public static Supplier<List<RunReport>> afterAll(String warehouse, int threshold, Supplier<List<RunReport>> batch) {
    check(threshold);
    return threshold == 0 ? batch : () -> {
      List<RunReport> reports = batch.get();
      run(warehouse, threshold, reports, () -> {});
      return reports;
    };
  }

  private static void check(int threshold) {
    if (threshold < 0) {
      throw new IllegalArgumentException("--autoCompact must be 0 (off) or a number of small files, got " + threshold);
    }
  }

  /** Compacts what the reports' commits made too fragmented; {@code beforeCommit} is for tests. */
  static void run(String warehouse, int threshold, List<RunReport> reports, Runnable beforeCommit) {
    for (RunReport report : reports) {
      for (Map.Entry<String, Long> committed : report.tableRows().entrySet()) {
        if (committed.getValue() == null || committed.getValue() == 0) {
          continue; // the batch added nothing there
        }
        TableSpec spec = Domains.tableByPath(committed.getKey());
        if (Domains.rewrittenBySilver(spec)) {
          continue; // kept compact by its own copy-on-write
        }
        Set<String> crowded = crowdedPartitions(DeltaTable.at(warehouse, spec).liveFiles(null), threshold);
        if (crowded.isEmpty()) {
          continue;
        }
        PartitionFilter partitions = PartitionFilter.anyOf(spec.partitionColumn(), crowded);
        try {
          Optimize.Result result = Optimize.compact(warehouse, spec, partitions, TARGET_BYTES,
              Optimize.DEFAULT_SORT_BY.getOrDefault(spec, List.of()), MAX_ATTEMPTS, beforeCommit);
          report.note(result.gaveUp
              ? String.format(Locale.ROOT, "auto compaction of %s (%s): concurrent commits kept removing its files; "
                  + "gave up after %d attempts, the table is unchanged", spec.path(), partitions, result.attempts)
              : String.format(Locale.ROOT, "auto compaction of %s (%s): %d files into %d, version %d", spec.path(),
                  partitions, result.removedFiles, result.addedFiles, result.version));
        } catch (RuntimeException e) {
          LOG.warn("auto compaction of {} failed; the table is unchanged", spec.path(), e);
          report.note("auto compaction of " + spec.path() + " failed (" + PipelineRuns.rootMessage(e)
              + "); the table is unchanged");
        }
      }
    }
  }

  /** Partitions holding more than {@code threshold} files below the target. */
  static Set<String> crowdedPartitions(List<DataFile> live, int threshold) {
    Map<String, Long> small = live.stream().filter(f -> f.sizeBytes() < TARGET_BYTES)
        .collect(Collectors.groupingBy(DataFile::partitionValue, TreeMap::new, Collectors.counting()));
    return small.entrySet().stream().filter(e -> e.getValue() > threshold).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
