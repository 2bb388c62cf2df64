package dev.finpipe.pipelines.bronze;

import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableCommits;
import dev.finpipe.io.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;

/** The end of every bronze run, from files or from Kafka: the books, then one commit per table. */
final class BronzeCommits {
  private BronzeCommits() {}

  /** The tables a bronze run writes, in the order it commits them (bronze, with the source progress, last). */
  static final List<TableSpec> TABLES = List.of(Tables.QUARANTINE, Tables.BRONZE);

  /**
   * Balances {@code read} against the rows bronze and quarantine received, then commits quarantine and bronze, which
   * carries the source progress (Kafka offsets as {@code progress}, ingested files in {@code metrics}), through the
   * stage's journal: see {@link TableCommits}.
   */
  static void balanceAndCommit(
      PipelineResult result,
      long read,
      RunReport report,
      CommitJournal journal,
      String runId,
      long appVersion,
      Map<String, Long> progress,
      Map<String, String> metrics) {
    long rows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(Tables.BRONZE.path()));
    long quarantined =
        PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(Tables.QUARANTINE.path()));
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("bronze", rows);
    parts.put("quarantined", quarantined);
    report.balance("read", read, parts);
    TableCommits.stage(journal, runId, report, Map.of(Tables.QUARANTINE, quarantined, Tables.BRONZE, rows))
        .add(Tables.QUARANTINE, appVersion, Set.of(), Map.of())
        .add(Tables.BRONZE, appVersion, Set.of(), progress, metrics)
        .commit();
  }
}
