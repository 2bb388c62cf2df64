package dev.finpipe.pipelines.bronze;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.ReadJsonLines;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.options.InputOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.DomainOptions;
import dev.finpipe.pipelines.common.DomainSettings;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.StageRun;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.options.Durations;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Bronze from files: ingests JSON-lines files not ingested before into the domain's {@code bronze/<domain>}
 * (default {@code --domain=transactions}), refusing lines that cannot be kept as text to {@code quarantine/<domain>}. Each file is ingested exactly once; files modified
 * longer than {@code --fileProgressRetention} before a run are not ingested (see {@link FileProgress}).
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.bronze.BronzeFromFiles \
 *   -Dexec.args="--runner=SparkRunner --domain=customers --input=data/dev/input/customers/*.jsonl --warehouse=data/dev"
 * }</pre>
 */
public final class BronzeFromFiles {
  /** The stage part of the app ids ({@link dev.finpipe.domain.Domain#appId}). */
  private static final String STAGE_APP = "bronze-files";

  /** The transactions' app id of bronze commits from files; its version counts the bronze runs. */
  public static final String APP_ID = Domains.TRANSACTIONS.appId(STAGE_APP);

  /** Options of the bronze stage. */
  public interface Options extends WarehouseOptions, InputOptions, RunOptions, DomainOptions {}

  private BronzeFromFiles() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exit(() -> run(options), options);
  }

  /** Reads {@code files} into the domain's bronze rows and quarantined lines, written as this run's Parquet files. */
  public static void build(
      Pipeline pipeline, Options options, Domain<?> domain, List<String> files, String runId, Instant ingestedAt) {
    WithFailures.Result<PCollection<RawRecord>, FailedRecord> lines =
        pipeline.apply(
            "ReadJsonLines",
            ReadJsonLines.from(files).ingestedAt(ingestedAt).withMaxRecordBytes(options.getMaxRecordBytes()));
    BronzeCommits.write(lines, domain, Warehouses.normalize(options.getWarehouse()), runId);
  }

  /** One run for the domain {@code --domain} names. */
  public static RunReport run(Options options) {
    return run(options, DomainSettings.forStage(options));
  }

  public static RunReport run(Options options, DomainSettings settings) {
    Domain<?> domain = settings.domain();
    String input = settings.input();
    Duration retention = Durations.parse("fileProgressRetention", options.getFileProgressRetention());
    String appId = domain.appId(STAGE_APP);
    StageRun run = StageRun.start(options, "bronze", domain.stageLabel("bronze"), appId);
    RunReport report = run.report();

    DeltaTable bronze = DeltaTable.at(run.warehouse(), domain.bronze());
    FileProgress progressSoFar = FileProgress.read(bronze, retention, new Instant(run.startMillis()));
    List<SourceFile> matched = SourceFile.match(input);
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
      return run.nothingToDo("nothing new to ingest from " + input);
    }
    long appVersion = bronze.appVersion(appId) + 1;

    List<String> paths = fresh.stream().map(SourceFile::path).collect(Collectors.toList());
    Instant ingestedAt = Instant.now();
    PipelineResult result = run.runPipeline(BronzeCommits.tables(domain),
        p -> build(p, options, domain, paths, run.runId(), ingestedAt), ReadJsonLines.class, "lines_read");

    long read = PipelineRuns.counter(result, ReadJsonLines.class, "lines_read");
    report
        .count("input files ingested", fresh.size())
        .count("records read", read)
        .count("blank lines skipped", PipelineRuns.counter(result, ReadJsonLines.class, "blank_lines_skipped"))
        .count("quarantined NOT_UTF8", PipelineRuns.counter(result, ReadJsonLines.class, "failed_not_utf8"))
        .count("quarantined OVERSIZE", PipelineRuns.counter(result, ReadJsonLines.class, "failed_oversize"))
        .eventsIn(read);
    BronzeCommits.balanceAndCommit(domain, result, read, run, appVersion, Map.of(), FileProgress.metrics(fresh));
    return run.finish();
  }
}
