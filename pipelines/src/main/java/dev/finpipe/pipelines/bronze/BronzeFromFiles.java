package dev.finpipe.pipelines.bronze;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.BronzeRows;
import dev.finpipe.io.QuarantineRows;
import dev.finpipe.io.ReadJsonLines;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.options.InputOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.options.Durations;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Bronze from files: ingests JSON-lines files not ingested before into {@code bronze/transactions}, refusing lines
 * that cannot be kept as text to {@code quarantine/transactions}. Each file is ingested exactly once; files modified
 * longer than {@code --fileProgressRetention} before a run are not ingested (see {@link FileProgress}).
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.bronze.BronzeFromFiles \
 *   -Dexec.args="--runner=SparkRunner --input=data/dev/input/*.jsonl --warehouse=data/dev"
 * }</pre>
 */
public final class BronzeFromFiles {
  /** The app id under which bronze commits from files; its version counts the bronze runs. */
  public static final String APP_ID = "finpipe-bronze-files";

  /** Options of the bronze stage. */
  public interface Options extends WarehouseOptions, InputOptions, RunOptions {}

  private BronzeFromFiles() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exit(() -> run(options), options);
  }

  /** Reads {@code files} into bronze rows and quarantined lines, written as this run's Parquet files. */
  public static void build(Pipeline pipeline, Options options, List<String> files, String runId, Instant ingestedAt) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    WithFailures.Result<PCollection<RawRecord>, FailedRecord> lines =
        pipeline.apply(
            "ReadJsonLines",
            ReadJsonLines.from(files).ingestedAt(ingestedAt).withMaxRecordBytes(options.getMaxRecordBytes()));
    lines.output().apply("WriteBronze", WriteTableFiles.of(new BronzeRows()).to(warehouse).forRun(runId));
    lines.failures().apply("WriteQuarantine", WriteTableFiles.of(new QuarantineRows()).to(warehouse).forRun(runId));
  }

  public static RunReport run(Options options) {
    long start = System.currentTimeMillis();
    String warehouse = Warehouses.normalize(options.getWarehouse());
    String runId = RunIds.next("bronze");
    RunReport report = new RunReport("bronze", runId, options.getRunner().getSimpleName());
    Duration retention = Durations.parse("fileProgressRetention", options.getFileProgressRetention());
    FileSystems.setDefaultPipelineOptions(options);
    CommitJournal journal = CommitJournal.recover(warehouse, APP_ID, report);

    DeltaTable bronze = DeltaTable.at(warehouse, Tables.BRONZE);
    FileProgress progressSoFar = FileProgress.read(bronze, retention, new Instant(start));
    List<SourceFile> matched = SourceFile.match(options.getInput());
    List<SourceFile> recent = matched.stream().filter(f -> !progressSoFar.beforeHorizon(f)).collect(Collectors.toList());
    List<SourceFile> fresh = recent.stream().filter(f -> !progressSoFar.ingested(f)).collect(Collectors.toList());
    report
        .count("input files matched", matched.size())
        .count("input files already ingested", recent.size() - fresh.size())
        .count("input files modified before the progress horizon, ignored", matched.size() - recent.size());
    if (matched.size() > recent.size()) {
      report.note((matched.size() - recent.size()) + " input files were modified before " + progressSoFar.horizon()
          + " (--fileProgressRetention=" + options.getFileProgressRetention() + " before this run) and are not ingested");
    }
    if (fresh.isEmpty()) {
      return report
          .note("nothing new to ingest from " + options.getInput() + "; nothing committed")
          .elapsedMillis(System.currentTimeMillis() - start);
    }
    long appVersion = bronze.appVersion(APP_ID) + 1;

    journal.started(runId, BronzeCommits.TABLES);
    Pipeline pipeline = Pipeline.create(options);
    PipelineRuns.configure(options);
    build(pipeline, options, fresh.stream().map(SourceFile::path).collect(Collectors.toList()), runId, Instant.now());
    PipelineResult result = PipelineRuns.runToCompletion(pipeline, "bronze", ReadJsonLines.class, "lines_read");

    long read = PipelineRuns.counter(result, ReadJsonLines.class, "lines_read");
    report
        .count("input files ingested", fresh.size())
        .count("records read", read)
        .count("blank lines skipped", PipelineRuns.counter(result, ReadJsonLines.class, "blank_lines_skipped"))
        .count("quarantined NOT_UTF8", PipelineRuns.counter(result, ReadJsonLines.class, "failed_not_utf8"))
        .count("quarantined OVERSIZE", PipelineRuns.counter(result, ReadJsonLines.class, "failed_oversize"))
        .eventsIn(read);
    BronzeCommits.balanceAndCommit(
        result, read, report, journal, runId, appVersion, Map.of(), FileProgress.metrics(fresh));
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }
}
