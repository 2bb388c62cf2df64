package dev.finpipe.pipelines.silver;

import dev.finpipe.dedupe.DedupeRecords;
import dev.finpipe.dedupe.RouteLateEvents;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.BronzeRows;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.QuarantineRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.SilverCommitMetrics;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.EventDates;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.RecordKey;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.options.DedupeOptions;
import dev.finpipe.options.ValidationOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.parse.ParseReason;
import dev.finpipe.parse.ParseRecords;
import dev.finpipe.pipelines.common.BatchBudget;
import dev.finpipe.pipelines.common.ContinuousOptions;
import dev.finpipe.pipelines.common.DomainOptions;
import dev.finpipe.pipelines.common.DomainSettings;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.StageRun;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import dev.finpipe.refine.RecordSteps;
import dev.finpipe.validate.ValidateRecords;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Bronze to silver for one domain ({@code --domain}, default transactions): processes the bronze versions committed
 * since silver last ran, up to {@code --maxRecordsPerTrigger} rows of them in whole versions (see {@link BatchBudget}).
 * Events (transactions) are parsed, validated, routed when late and deduplicated per
 * event-time window; change records (customers, accounts) go to {@link ChangesToHistory}.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.silver.BronzeToSilver \
 *   -Dexec.args="--runner=SparkRunner --warehouse=data/dev --dedupeWindow=1d --allowedLateness=2d"
 * }</pre>
 */
public final class BronzeToSilver {
  /** Silver and quarantine commits from this stage carry the domain's app id, versioned by the bronze version consumed. */
  static final String STAGE = "silver";
  /** The transactions' app id of silver commits. */
  public static final String APP_ID = Domains.TRANSACTIONS.appId(STAGE);
  /** Counter-name prefix of the duplicates dropped per event date (see {@link CountElements#byKey}). */
  static final String DUPLICATES_OF_DATE = "duplicates_of_";

  /** Options of the silver stage. */
  public interface Options
      extends WarehouseOptions, DedupeOptions, ValidationOptions, RunOptions, ContinuousOptions, DomainOptions {}

  private BronzeToSilver() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> TriggerLoop.run("silver", options,
        AutoCompact.after(Warehouses.normalize(options.getWarehouse()), options.getAutoCompact(), () -> run(options))), options);
  }

  /** What one silver run reads, decided on the driver from the Delta logs before the pipeline is built. */
  public static final class Plan {
    final List<String> bronzeFiles;
    /** The keys silver already holds for this batch's ids, in the windows still open (see {@link CommittedIds}). */
    final List<RecordKey> committedKeys;
    final @Nullable Instant lateCutoff;
    final Instant now;

    public Plan(List<String> bronzeFiles, List<RecordKey> committedKeys, @Nullable Instant lateCutoff, Instant now) {
      this.bronzeFiles = bronzeFiles;
      this.committedKeys = committedKeys;
      this.lateCutoff = lateCutoff;
      this.now = now;
    }
  }

  public static <T extends DomainRecord> void build(
      Pipeline pipeline, Options options, DomainSettings settings, Domain<T> domain, Plan plan, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    PCollection<RawRecord> raw =
        pipeline
            .apply("ReadBronze", ReadTableFiles.of(plan.bronzeFiles, BronzeRows::fromRecord, ModelCoders.of(pipeline, RawRecord.class)))
            .apply("CountRead", CountElements.as(BronzeToSilver.class, "bronze_rows_read"));
    PCollection<RecordKey> committed =
        pipeline.apply("CommittedKeysOfBatchIds",
            Create.of(plan.committedKeys).withCoder(ModelCoders.of(pipeline, RecordKey.class)));

    // Parse, validate and route late events fused in one ParDo (see RecordStep): same counters, one failure output.
    ValidateRecords<T> validate = domain.validate().withActions(settings.ruleActions()).withNow(plan.now);
    WithFailures.Result<PCollection<T>, FailedRecord> refined =
        raw.apply(
            "ParseValidateRouteLate",
            RecordSteps.of(
                domain.parse().step()
                    .then(validate.step())
                    .then(RouteLateEvents.olderThan(plan.lateCutoff, domain.recordType()).step()),
                domain.recordType()));
    // Refusals after this point keep no payload (duplicates are counted, not quarantined): shuffle less.
    DedupeRecords.Result<T> deduped =
        refined
            .output()
            .apply("DropRawPayload", MapElements.into(TypeDescriptor.of(domain.recordType())).via(domain::withoutPayload))
            .setCoder(refined.output().getCoder())
            .apply(
                "DedupeRecords",
                DedupeRecords.<T>withinWindow(settings.dedupeWindow())
                    .withAllowedLateness(settings.allowedLateness())
                    .withAlreadyCommitted(committed));

    // Duplicates are in no table: counted per event date for silver's commit metrics (the dashboard's quality chart).
    deduped.duplicates().apply("CountDuplicatesPerDate",
        CountElements.byKey(BronzeToSilver.class, DUPLICATES_OF_DATE, r -> EventDates.utcDate(r.getEventTime())));
    deduped.output().apply("WriteSilver", WriteTableFiles.of(domain.silverRows()).to(warehouse).forRun(runId));
    refined.failures().apply("WriteQuarantine",
        WriteTableFiles.of(new QuarantineRows(domain.quarantine(), domain.idColumn())).to(warehouse).forRun(runId));
  }

  /**
   * The ids ({@code id} of each record) of the records in {@code bronzeFiles} that parse, read on the driver as the
   * pipeline reads them: what a batch needs looked up in silver before it runs.
   */
  static Set<String> idsOf(Domain<?> domain, List<String> bronzeFiles, Function<DomainRecord, String> id) {
    Set<String> ids = new HashSet<>(); // no caller needs an order, and sorting 1M ids took 1.4 s a batch
    ParseRecords.DriverReader reader = domain.parse().driverReader();
    TableSnapshots.forEachRowOf(bronzeFiles, null, r -> {
      DomainRecord record = reader.recordOf(BronzeRows.fromRecord(r));
      if (record != null) {
        ids.add(id.apply(record));
      }
    });
    return ids;
  }

  /** One run for the domain {@code --domain} names. */
  public static RunReport run(Options options) {
    return run(options, DomainSettings.forStage(options));
  }

  public static RunReport run(Options options, DomainSettings settings) {
    Domain<?> domain = settings.domain();
    return domain.kind() == Domain.Kind.CHANGES
        ? ChangesToHistory.run(options, settings)
        : runEvents(options, settings, domain);
  }

  private static <T extends DomainRecord> RunReport runEvents(Options options, DomainSettings settings, Domain<T> domain) {
    Duration window = settings.dedupeWindow();
    Duration lateness = settings.allowedLateness();
    settings.ruleActions(); // a bad override stops here, before any work
    BatchBudget budget = BatchBudget.of(options);
    String appId = domain.appId(STAGE);
    StageRun run = StageRun.start(options, STAGE, domain.stageLabel(STAGE), appId);
    RunReport report = run.report();
    String warehouse = run.warehouse();

    TableSpec silverSpec = domain.silver();
    TableSpec quarantineSpec = domain.quarantine();
    DeltaTable bronze = DeltaTable.at(warehouse, domain.bronze());
    DeltaTable silver = DeltaTable.at(warehouse, silverSpec);
    long consumed = silver.appVersion(appId);
    long bronzeVersion = bronze.version();
    if (bronzeVersion <= consumed) {
      Instant newest = silver.maxEventTime();
      if (newest != null) {
        report.newestEvent(silverSpec.path(), newest); // freshness keeps growing while nothing arrives
      }
      return run.nothingToDo("no bronze version after " + consumed + " (bronze is at " + bronzeVersion + ")");
    }
    // Whole bronze versions up to the batch budget; later ones are the next batch's.
    BatchBudget.Versions batch = budget.take(bronze, consumed, bronzeVersion);
    long upTo = batch.upTo;
    List<DataFile> newBronze = batch.files;
    report.backlog(batch.rowsLeft);
    Instant watermark = silver.maxEventTime();
    Instant cutoff = watermark == null ? null : watermark.minus(lateness);
    // Ids that can still collide: in windows at or after the cutoff's window (older events are LATE anyway).
    Set<String> dedupeDates = new TreeSet<>();
    List<DataFile> liveSilver = silver.liveFiles(null);
    if (cutoff != null) {
      String firstDate = EventDates.utcDate(cutoff.minus(window));
      liveSilver.stream().map(DataFile::partitionValue).filter(d -> d.compareTo(firstDate) >= 0).forEach(dedupeDates::add);
    }
    List<String> bronzePaths = newBronze.stream().map(bronze::absolutePath).collect(Collectors.toList());
    // Cross-run dedupe needs silver's keys of this batch's ids only: looked up in the process's view of silver's
    // open windows, which reads just the silver files committed since the last batch.
    CommittedIds committedIds = CommittedIds.of(warehouse, domain);
    long indexFiles = committedIds.refresh(silver, dedupeDates);
    List<RecordKey> committedKeys =
        committedIds.size() == 0 ? List.of() : committedIds.keysOf(idsOf(domain, bronzePaths, DomainRecord::dedupeId));
    Plan plan = new Plan(bronzePaths, committedKeys, cutoff, Instant.now());
    report
        .count("bronze versions processed", upTo - consumed)
        .count("bronze files read", plan.bronzeFiles.size())
        .count("silver files read into the committed-id view", indexFiles)
        .count("committed ids in open windows", committedIds.size())
        .count("committed keys of this batch's ids", committedKeys.size());
    if (cutoff != null) {
      report.note("silver watermark " + watermark + "; events before " + cutoff + " are LATE");
    }

    PipelineResult result = run.runPipeline(List.of(quarantineSpec, silverSpec),
        p -> build(p, options, settings, domain, plan, run.runId()), BronzeToSilver.class, "bronze_rows_read");

    // Rows read come from the bronze files' own counts (exact); counters could count a recomputed partition twice.
    long read = newBronze.stream().mapToLong(DataFile::numRecords).sum();
    long silverRows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(silverSpec.path()));
    long quarantined = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(quarantineSpec.path()));
    long duplicates = PipelineRuns.counter(result, DedupeRecords.class, "duplicates");
    long dropped = PipelineRuns.counter(result, ValidateRecords.class, "dropped");
    report
        .count("records read", read)
        .count("parsed", PipelineRuns.counter(result, ParseRecords.class, "parsed"))
        .count("late (quarantined)", PipelineRuns.counter(result, RouteLateEvents.class, "late"))
        .count("duplicates", duplicates)
        .count("dropped by rule", dropped)
        .eventsIn(read);
    countRefusals(report, result, domain);
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("silver", silverRows);
    parts.put("quarantined", quarantined);
    parts.put("duplicates", duplicates);
    parts.put("dropped", dropped);
    report.balance("read", read, parts);
    Map<String, Long> duplicatesPerDate = PipelineRuns.countersByKey(result, BronzeToSilver.class, DUPLICATES_OF_DATE);
    long datedDuplicates = duplicatesPerDate.values().stream().mapToLong(Long::longValue).sum();
    if (datedDuplicates != duplicates) {
      throw new IllegalStateException("silver run " + run.runId() + ": duplicates per event date add up to " + datedDuplicates
          + ", not the " + duplicates + " duplicates counted; nothing committed");
    }

    run.commits(Map.of(quarantineSpec, quarantined, silverSpec, silverRows))
        .add(quarantineSpec, upTo, Set.of(), Map.of())
        .add(silverSpec, upTo, Set.of(), Map.of(),
            silverMetrics(read, quarantined, duplicatesPerDate))
        .commit();
    Instant newest = silver.maxEventTime();
    if (newest != null) {
      report.newestEvent(silverSpec.path(), newest);
    }
    return run.finish();
  }

  private static Map<String, String> silverMetrics(long read, long quarantined, Map<String, Long> duplicatesPerDate) {
    Map<String, String> metrics = new LinkedHashMap<>(SilverCommitMetrics.books(read, quarantined));
    metrics.put(SilverCommitMetrics.DUPLICATES_PER_EVENT_DATE, SilverCommitMetrics.encode(duplicatesPerDate));
    return metrics;
  }

  /** The parse reasons and rule failures of a run, for its report: the same lines for every domain. */
  static void countRefusals(RunReport report, PipelineResult result, Domain<?> domain) {
    for (ParseReason reason : ParseReason.values()) {
      report.count("quarantined PARSE " + reason.name(),
          PipelineRuns.counter(result, ParseRecords.class, "failed_" + reason.name()));
    }
    for (String rule : domain.ruleNames()) {
      // Every failure of the rule, whatever its action (a record failing two rules counts under both).
      report.count("rule " + rule + " failed", PipelineRuns.counter(result, ValidateRecords.class, "rule_" + rule + "_failed"));
    }
  }
}
