package dev.finpipe.pipelines.silver;

import dev.finpipe.dedupe.DedupeTransactions;
import dev.finpipe.dedupe.RouteLateEvents;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.BronzeRows;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.QuarantineRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.SilverCommitMetrics;
import dev.finpipe.io.SilverRows;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.EventDates;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SchemaCoders;
import dev.finpipe.model.Transaction;
import dev.finpipe.model.TransactionKey;
import dev.finpipe.options.DedupeOptions;
import dev.finpipe.options.Durations;
import dev.finpipe.options.ValidationOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.parse.ParseReason;
import dev.finpipe.parse.ParseTransactions;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.ContinuousOptions;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.TableCommits;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import dev.finpipe.refine.RecordSteps;
import dev.finpipe.validate.RuleActions;
import dev.finpipe.validate.ValidateTransactions;
import dev.finpipe.validate.ValidationRules;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Bronze to silver: processes the bronze versions committed since silver last ran.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.silver.BronzeToSilver \
 *   -Dexec.args="--runner=SparkRunner --warehouse=data/dev --dedupeWindow=1d --allowedLateness=2d"
 * }</pre>
 */
public final class BronzeToSilver {
  /** Silver and quarantine commits from this stage carry this app id, versioned by the bronze version consumed. */
  public static final String APP_ID = "finpipe-silver";
  /** Counter-name prefix of the duplicates dropped per event date (see {@link CountElements#byKey}). */
  static final String DUPLICATES_OF_DATE = "duplicates_of_";

  /** Options of the silver stage. */
  public interface Options extends WarehouseOptions, DedupeOptions, ValidationOptions, RunOptions, ContinuousOptions {}

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
    final List<TransactionKey> committedKeys;
    final @Nullable Instant lateCutoff;
    final Instant now;

    public Plan(List<String> bronzeFiles, List<TransactionKey> committedKeys, @Nullable Instant lateCutoff, Instant now) {
      this.bronzeFiles = bronzeFiles;
      this.committedKeys = committedKeys;
      this.lateCutoff = lateCutoff;
      this.now = now;
    }
  }

  public static void build(Pipeline pipeline, Options options, Plan plan, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    Duration window = Durations.parse("dedupeWindow", options.getDedupeWindow());
    Duration lateness = Durations.parse("allowedLateness", options.getAllowedLateness());
    PCollection<RawRecord> raw =
        pipeline
            .apply("ReadBronze", ReadTableFiles.of(plan.bronzeFiles, BronzeRows::fromRecord, SchemaCoders.of(pipeline, RawRecord.class)))
            .apply("CountRead", CountElements.as(BronzeToSilver.class, "bronze_rows_read"));
    PCollection<TransactionKey> committed =
        pipeline.apply("CommittedKeysOfBatchIds",
            Create.of(plan.committedKeys).withCoder(SchemaCoders.of(pipeline, TransactionKey.class)));

    // Parse, validate and route late events fused in one ParDo (see RecordStep): same counters, one failure output.
    ValidateTransactions validate =
        ValidateTransactions.create().withActions(RuleActions.parse(options.getRuleActions())).withNow(plan.now);
    WithFailures.Result<PCollection<Transaction>, FailedRecord> refined =
        raw.apply(
            "ParseValidateRouteLate",
            RecordSteps.of(
                ParseTransactions.create().step().then(validate.step()).then(RouteLateEvents.olderThan(plan.lateCutoff).step()),
                Transaction.class));
    // Refusals after this point keep no payload (duplicates are counted, not quarantined): shuffle less.
    DedupeTransactions.Result deduped =
        refined
            .output()
            .apply("DropRawPayload", MapElements.into(TypeDescriptor.of(Transaction.class)).via(Transaction::withoutPayload))
            .apply(
                "DedupeTransactions",
                DedupeTransactions.withinWindow(window).withAllowedLateness(lateness).withAlreadyCommitted(committed));

    // Duplicates are in no table: counted per event date for silver's commit metrics (the dashboard's quality chart).
    deduped.duplicates().apply("CountDuplicatesPerDate",
        CountElements.byKey(BronzeToSilver.class, DUPLICATES_OF_DATE, tx -> EventDates.utcDate(tx.getEventTime())));
    deduped.output().apply("WriteSilver", WriteTableFiles.of(new SilverRows()).to(warehouse).forRun(runId));
    refined.failures().apply("WriteQuarantine", WriteTableFiles.of(new QuarantineRows()).to(warehouse).forRun(runId));
  }

  /** The ids of the records in {@code bronzeFiles} that parse, read on the driver exactly as the pipeline reads them. */
  private static Set<String> transactionIdsOf(List<String> bronzeFiles) {
    Set<String> ids = new HashSet<>();
    ParseTransactions.DriverReader reader = new ParseTransactions.DriverReader();
    TableSnapshots.forEachRowOf(bronzeFiles, null, r -> {
      String id = reader.transactionIdOf(BronzeRows.fromRecord(r));
      if (id != null) {
        ids.add(id);
      }
    });
    return ids;
  }

  public static RunReport run(Options options) {
    long start = System.currentTimeMillis();
    String warehouse = Warehouses.normalize(options.getWarehouse());
    Duration window = Durations.parse("dedupeWindow", options.getDedupeWindow());
    Duration lateness = Durations.parse("allowedLateness", options.getAllowedLateness());
    RuleActions.parse(options.getRuleActions()); // a bad override stops here, before any work
    String runId = RunIds.next("silver");
    RunReport report = new RunReport("silver", runId, options.getRunner().getSimpleName());
    FileSystems.setDefaultPipelineOptions(options);
    CommitJournal journal = CommitJournal.recover(warehouse, APP_ID, report);

    DeltaTable bronze = DeltaTable.at(warehouse, Tables.BRONZE);
    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    long consumed = silver.appVersion(APP_ID);
    long bronzeVersion = bronze.version();
    if (bronzeVersion <= consumed) {
      Instant newest = silver.maxEventTime();
      if (newest != null) {
        report.newestEvent(Tables.SILVER.path(), newest); // freshness keeps growing while nothing arrives
      }
      return report
          .note("no bronze version after " + consumed + " (bronze is at " + bronzeVersion + "); nothing committed")
          .elapsedMillis(System.currentTimeMillis() - start);
    }
    List<DataFile> newBronze = bronze.filesAddedBetween(consumed, bronzeVersion);
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
    CommittedIds committedIds = CommittedIds.of(warehouse);
    long indexFiles = committedIds.refresh(silver, dedupeDates);
    List<TransactionKey> committedKeys =
        committedIds.size() == 0 ? List.of() : committedIds.keysOf(transactionIdsOf(bronzePaths));
    Plan plan = new Plan(bronzePaths, committedKeys, cutoff, Instant.now());
    report
        .count("bronze versions processed", bronzeVersion - consumed)
        .count("bronze files read", plan.bronzeFiles.size())
        .count("silver files read into the committed-id view", indexFiles)
        .count("committed ids in open windows", committedIds.size())
        .count("committed keys of this batch's ids", committedKeys.size());
    if (cutoff != null) {
      report.note("silver watermark " + watermark + "; events before " + cutoff + " are LATE");
    }

    journal.started(runId, List.of(Tables.QUARANTINE, Tables.SILVER));
    Pipeline pipeline = Pipeline.create(options);
    PipelineRuns.configure(options);
    build(pipeline, options, plan, runId);
    PipelineResult result = PipelineRuns.runToCompletion(pipeline, "silver", BronzeToSilver.class, "bronze_rows_read");

    // Rows read come from the bronze files' own counts (exact); counters could count a recomputed partition twice.
    long read = newBronze.stream().mapToLong(DataFile::numRecords).sum();
    long silverRows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(Tables.SILVER.path()));
    long quarantined = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(Tables.QUARANTINE.path()));
    long duplicates = PipelineRuns.counter(result, DedupeTransactions.class, "duplicates");
    long dropped = PipelineRuns.counter(result, ValidateTransactions.class, "dropped");
    report
        .count("records read", read)
        .count("parsed", PipelineRuns.counter(result, ParseTransactions.class, "parsed"))
        .count("late (quarantined)", PipelineRuns.counter(result, RouteLateEvents.class, "late"))
        .count("duplicates", duplicates)
        .count("dropped by rule", dropped)
        .eventsIn(read);
    for (ParseReason reason : ParseReason.values()) {
      report.count("quarantined PARSE " + reason.name(),
          PipelineRuns.counter(result, ParseTransactions.class, "failed_" + reason.name()));
    }
    for (String rule : ValidationRules.names()) {
      // Every failure of the rule, whatever its action (a record failing two rules counts under both).
      report.count("rule " + rule + " failed", PipelineRuns.counter(result, ValidateTransactions.class, "rule_" + rule + "_failed"));
    }
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("silver", silverRows);
    parts.put("quarantined", quarantined);
    parts.put("duplicates", duplicates);
    parts.put("dropped", dropped);
    report.balance("read", read, parts);
    Map<String, Long> duplicatesPerDate = PipelineRuns.countersByKey(result, BronzeToSilver.class, DUPLICATES_OF_DATE);
    long datedDuplicates = duplicatesPerDate.values().stream().mapToLong(Long::longValue).sum();
    if (datedDuplicates != duplicates) {
      throw new IllegalStateException("silver run " + runId + ": duplicates per event date add up to " + datedDuplicates
          + ", not the " + duplicates + " duplicates counted; nothing committed");
    }

    TableCommits.stage(journal, runId, report, Map.of(Tables.QUARANTINE, quarantined, Tables.SILVER, silverRows))
        .add(Tables.QUARANTINE, bronzeVersion, Set.of(), Map.of())
        .add(Tables.SILVER, bronzeVersion, Set.of(), Map.of(),
            Map.of(SilverCommitMetrics.DUPLICATES_PER_EVENT_DATE, SilverCommitMetrics.encode(duplicatesPerDate)))
        .commit();
    Instant newest = silver.maxEventTime();
    if (newest != null) {
      report.newestEvent(Tables.SILVER.path(), newest);
    }
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }
}
