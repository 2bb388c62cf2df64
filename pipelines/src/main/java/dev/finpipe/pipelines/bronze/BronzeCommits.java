package dev.finpipe.pipelines.bronze;

import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableCommits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;

/** The end of every bronze run, from files or from Kafka: the books, then one commit per table. */
final class BronzeCommits {
  private BronzeCommits() {}

  /**
   * Balances {@code read} against the rows bronze and quarantine received, then commits quarantine first and bronze,
   * which carries the source progress (files or offsets), last: see {@link TableCommits}.
   */
  static void balanceAndCommit(
      PipelineResult result,
      long read,
      RunReport report,
      String warehouse,
      String runId,
      String appId,
      long appVersion,
      Map<String, Long> progress) {
    long rows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(Tables.BRONZE.path()));
    long quarantined =
        PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(Tables.QUARANTINE.path()));
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("bronze", rows);
    parts.put("quarantined", quarantined);
    report.balance("read", read, parts);
    TableCommits.stage(warehouse, runId, report, Map.of(Tables.QUARANTINE, quarantined, Tables.BRONZE, rows))
        .commit(Tables.QUARANTINE, appId, appVersion, Set.of(), Map.of())
        .commit(Tables.BRONZE, appId, appVersion, Set.of(), progress);
  }
}
