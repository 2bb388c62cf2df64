package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.pipelines.common.CommitJournal.Commit;
import dev.finpipe.pipelines.common.CommitJournal.Intent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;

/**
 * The post-commit step of a stage. {@link #stage} finds the files the run wrote into each table and checks they
 * hold exactly the rows the pipeline counted (a runner that lost or doubled a file stops the run here, before any
 * commit); {@link #add} lists the run's commits, one Delta version per table, in order; {@link #commit} records them
 * in the stage's {@link CommitJournal} and then makes them. A run stopped anywhere after that record is finished by
 * the stage's next run with exactly these files and this progress ({@link #resume}), never re-planned.
 */
public final class TableCommits {
  private final CommitJournal journal;
  private final String runId;
  private final String stage;
  private final RunReport report;
  private final Map<TableSpec, List<DataFile>> files;
  private final List<Commit> commits = new ArrayList<>();

  private TableCommits(
      CommitJournal journal, String runId, String stage, RunReport report, Map<TableSpec, List<DataFile>> files) {
    this.journal = journal;
    this.runId = runId;
    this.stage = stage;
    this.report = report;
    this.files = files;
  }

  /** Finds and checks the run's files of each table; {@code expectedRows} maps each table to its writer's count. */
  public static TableCommits stage(
      CommitJournal journal, String runId, RunReport report, Map<TableSpec, Long> expectedRows) {
    return new TableCommits(journal, runId, report.stage(), report, findChecked(journal.warehouse(), runId, report.stage(), expectedRows));
  }

  /** Rows the pipeline counted into each table's writer. */
  public static Map<TableSpec, Long> rowsWritten(PipelineResult result, TableSpec... specs) {
    Map<TableSpec, Long> rows = new LinkedHashMap<>();
    for (TableSpec spec : specs) {
      rows.put(spec, PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(spec.path())));
    }
    return rows;
  }

  /** Adds the run's commit of {@code spec}: its files, under the journal's app id at {@code appVersion}. */
  public TableCommits add(TableSpec spec, long appVersion, Set<String> replacePartitions, Map<String, Long> progress) {
    return add(spec, appVersion, replacePartitions, progress, Map.of());
  }

  /** As {@link #add(TableSpec, long, Set, Map)}, with the stage's own figures added to the commit's operationMetrics. */
  public TableCommits add(
      TableSpec spec, long appVersion, Set<String> replacePartitions, Map<String, Long> progress, Map<String, String> metrics) {
    long rows = files.get(spec).stream().mapToLong(DataFile::numRecords).sum();
    commits.add(new Commit(spec.path(), appVersion, rows, replacePartitions, progress, Map.copyOf(metrics), List.of()));
    return this;
  }

  /**
   * Adds the run's copy-on-write commit of {@code spec}: its files replace {@code removes} (the live files the run
   * read and rewrote), with the stage's figures in the commit's operationMetrics.
   */
  public TableCommits addRewrite(TableSpec spec, long appVersion, List<DataFile> removes, Map<String, String> metrics) {
    long rows = files.get(spec).stream().mapToLong(DataFile::numRecords).sum();
    List<String> paths = removes.stream().map(DataFile::relativePath).collect(java.util.stream.Collectors.toList());
    commits.add(new Commit(spec.path(), appVersion, rows, Set.of(), Map.of(), Map.copyOf(metrics), paths));
    return this;
  }

  /** Decides the run (records its commits in the journal), then commits each table in order. */
  public void commit() {
    CrashPoints.maybeCrash("before-commit");
    journal.decided(new Intent(runId, stage, commits));
    CrashPoints.maybeCrash("after-intent");
    try {
      apply(false);
    } catch (RuntimeException e) {
      throw new IllegalStateException(stage + " run " + runId + " decided its commits but could not make them all ("
          + PipelineRuns.rootMessage(e) + "); the stage's next run finishes them", e);
    }
  }

  /** Finishes a run an earlier attempt decided: the same files, versions and progress, each table at most once. */
  static void resume(CommitJournal journal, Intent intent, RunReport report) {
    Map<TableSpec, Long> expected = new LinkedHashMap<>();
    intent.commits().forEach(c -> expected.put(CommitJournal.table(c.table()), c.rows()));
    Map<TableSpec, List<DataFile>> files;
    try {
      files = findChecked(journal.warehouse(), intent.runId(), intent.stage(), expected);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "Cannot finish the commits " + intent.runId() + " decided before it stopped (" + e.getMessage()
              + "). Its journal entry stays under " + CommitJournal.DIR + "/ until its files are back: a decided run is"
              + " never re-planned, or its records would be lost or doubled.", e);
    }
    TableCommits commits = new TableCommits(journal, intent.runId(), intent.stage(), report, files);
    commits.commits.addAll(intent.commits());
    commits.apply(true);
  }

  private void apply(boolean resumed) {
    List<TableSpec> tables = new ArrayList<>();
    int n = 0;
    for (Commit c : commits) {
      TableSpec spec = CommitJournal.table(c.table());
      tables.add(spec);
      List<DataFile> adds = files.get(spec);
      Map<String, String> metrics = new LinkedHashMap<>(c.metrics());
      metrics.put("runId", runId);
      metrics.put("stage", stage);
      metrics.put("numOutputRows", Long.toString(c.rows()));
      metrics.put("numFiles", Integer.toString(adds.size()));
      OptionalLong version =
          DeltaTable.at(journal.warehouse(), spec)
              .commit(
                  TableCommit.builder()
                      .setAppId(journal.appId())
                      .setAppVersion(c.appVersion())
                      .setAdds(adds)
                      .setReplacePartitions(c.replacePartitions())
                      .setRemoves(c.removes())
                      .setProgress(c.progress())
                      .setMetrics(metrics)
                      .build());
      String already = "already committed by an earlier attempt of " + journal.appId() + " v" + c.appVersion();
      if (resumed) {
        report.note(String.format(Locale.ROOT, "  %s: %,d rows of %s %s", c.table(), c.rows(), runId,
            version.isPresent() ? "committed as version " + version.getAsLong() : already));
      } else {
        report.table(c.table(), c.rows(), adds.size(), version.isPresent() ? version.getAsLong() : null, already);
      }
      CrashPoints.maybeCrash("after-commit-" + (++n));
    }
    journal.finished(runId, tables);
    CrashPoints.maybeCrash("after-commit");
  }

  private static Map<TableSpec, List<DataFile>> findChecked(
      String warehouse, String runId, String stage, Map<TableSpec, Long> expectedRows) {
    Map<TableSpec, List<DataFile>> files = new LinkedHashMap<>();
    expectedRows.forEach(
        (spec, expected) -> {
          List<DataFile> found = RunFiles.find(warehouse, spec, runId);
          long rows = found.stream().mapToLong(DataFile::numRecords).sum();
          if (rows != expected) {
            throw new IllegalStateException(
                String.format(
                    "%s run %s: the pipeline wrote %,d rows to %s but its files hold %,d; nothing was committed",
                    stage, runId, expected, spec.path(), rows));
          }
          files.put(spec, found);
        });
    return files;
  }
}
