package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The post-commit step of a stage: finds the files the run wrote into one table and commits them in one Delta
 * version. Stages call it table by table, committing the table that carries the source progress last, so a crash
 * between two commits makes the next run redo the work and skip the commits that already happened.
 */
public final class TableCommits {
  private TableCommits() {}

  public static void commit(
      String warehouse,
      TableSpec spec,
      String runId,
      String appId,
      long appVersion,
      Set<String> replacePartitions,
      Map<String, Long> progress,
      RunReport report) {
    List<DataFile> files = RunFiles.find(warehouse, spec, runId);
    long rows = files.stream().mapToLong(DataFile::numRecords).sum();
    Map<String, String> metrics =
        Map.of(
            "runId", runId,
            "stage", report.stage(),
            "numOutputRows", Long.toString(rows),
            "numFiles", Integer.toString(files.size()));
    OptionalLong version =
        DeltaTable.at(warehouse, spec)
            .commit(
                TableCommit.builder()
                    .setAppId(appId)
                    .setAppVersion(appVersion)
                    .setAdds(files)
                    .setReplacePartitions(replacePartitions)
                    .setProgress(progress)
                    .setMetrics(metrics)
                    .build());
    report.table(
        spec.path(),
        rows,
        files.size(),
        version.isPresent() ? version.getAsLong() : null,
        "already committed by an earlier attempt of " + appId + " v" + appVersion);
  }
}
