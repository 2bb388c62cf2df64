package dev.finpipe.pipelines.bronze;

import dev.finpipe.domain.Domain;
import dev.finpipe.io.BronzeRows;
import dev.finpipe.io.QuarantineRows;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.StageRun;
import dev.finpipe.io.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;

/** The end of every bronze run, from files or from Kafka: the books, then one commit per table. */
final class BronzeCommits {
  private BronzeCommits() {}

  /** The tables a bronze run of {@code domain} writes, in the order it commits them (bronze, with the progress, last). */
  static List<TableSpec> tables(Domain<?> domain) {
    return List.of(domain.quarantine(), domain.bronze());
  }

  /** Writes {@code lines} to {@code domain}'s bronze and the refused ones to its quarantine, as this run's files. */
  static void write(WithFailures.Result<PCollection<RawRecord>, FailedRecord> lines, Domain<?> domain, String warehouse,
      String runId) {
    lines.output().apply("WriteBronze", WriteTableFiles.of(new BronzeRows(domain.bronze())).to(warehouse).forRun(runId));
    lines.failures().apply("WriteQuarantine",
        WriteTableFiles.of(new QuarantineRows(domain.quarantine(), domain.idColumn())).to(warehouse).forRun(runId));
  }

  /**
   * Balances {@code read} against the rows bronze and quarantine received, then commits quarantine and bronze, which
   * carries the source progress (Kafka offsets as {@code progress}, ingested files in {@code metrics}), through the
   * stage's journal: see {@link dev.finpipe.pipelines.common.TableCommits}.
   */
  static void balanceAndCommit(
      Domain<?> domain,
      PipelineResult result,
      long read,
      StageRun run,
      long appVersion,
      Map<String, Long> progress,
      Map<String, String> metrics) {
    TableSpec bronze = domain.bronze();
    TableSpec quarantine = domain.quarantine();
    long rows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(bronze.path()));
    long quarantined =
        PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(quarantine.path()));
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("bronze", rows);
    parts.put("quarantined", quarantined);
    run.report().balance("read", read, parts);
    run.commits(Map.of(quarantine, quarantined, bronze, rows))
        .add(quarantine, appVersion, Set.of(), Map.of())
        .add(bronze, appVersion, Set.of(), progress, metrics)
        .commit();
  }
}
