package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The post-commit step of a stage. {@link #stage} finds the files the run wrote into each table and checks they
 * hold exactly the rows the pipeline counted (a runner that lost or doubled a file stops the run here, before any
 * commit); {@link #commit} then commits one table in one Delta version. Stages commit the table that carries the
 * source progress last, so a crash between two commits makes the next run redo the work and skip the commits that
 * already happened.
 */
public final class TableCommits {
  private final String warehouse;
  private final String runId;
  private final RunReport report;
  private final Map<TableSpec, List<DataFile>> files;

  private TableCommits(String warehouse, String runId, RunReport report, Map<TableSpec, List<DataFile>> files) {
    this.warehouse = warehouse;
    this.runId = runId;
    this.report = report;
    this.files = files;
  }

  /** Finds and checks the run's files of each table; {@code expectedRows} maps each table to its writer's count. */
  public static TableCommits stage(String warehouse, String runId, RunReport report, Map<TableSpec, Long> expectedRows) {
    Map<TableSpec, List<DataFile>> files = new LinkedHashMap<>();
    expectedRows.forEach(
        (spec, expected) -> {
          List<DataFile> found = RunFiles.find(warehouse, spec, runId);
          long rows = found.stream().mapToLong(DataFile::numRecords).sum();
          if (rows != expected) {
            throw new IllegalStateException(
                String.format(
                    "%s run %s: the pipeline wrote %,d rows to %s but its files hold %,d; nothing was committed",
                    report.stage(), runId, expected, spec.path(), rows));
          }
          files.put(spec, found);
        });
    return new TableCommits(warehouse, runId, report, files);
  }

  /** Rows the pipeline counted into each table's writer. */
  public static Map<TableSpec, Long> rowsWritten(org.apache.beam.sdk.PipelineResult result, TableSpec... specs) {
    Map<TableSpec, Long> rows = new LinkedHashMap<>();
    for (TableSpec spec : specs) {
      rows.put(spec, PipelineRuns.counter(result, dev.finpipe.io.WriteTableFiles.class,
          dev.finpipe.io.WriteTableFiles.rowsCounterName(spec.path())));
    }
    return rows;
  }

  public TableCommits commit(
      TableSpec spec, String appId, long appVersion, Set<String> replacePartitions, Map<String, Long> progress) {
    List<DataFile> adds = files.get(spec);
    long rows = adds.stream().mapToLong(DataFile::numRecords).sum();
    Map<String, String> metrics =
        Map.of(
            "runId", runId,
            "stage", report.stage(),
            "numOutputRows", Long.toString(rows),
            "numFiles", Integer.toString(adds.size()));
    OptionalLong version =
        DeltaTable.at(warehouse, spec)
            .commit(
                TableCommit.builder()
                    .setAppId(appId)
                    .setAppVersion(appVersion)
                    .setAdds(adds)
                    .setReplacePartitions(replacePartitions)
                    .setProgress(progress)
                    .setMetrics(metrics)
                    .build());
    report.table(
        spec.path(),
        rows,
        adds.size(),
        version.isPresent() ? version.getAsLong() : null,
        "already committed by an earlier attempt of " + appId + " v" + appVersion);
    return this;
  }
}
