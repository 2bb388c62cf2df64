package dev.finpipe.pipelines.silver;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.history.MergeHistory;
import dev.finpipe.history.Version;
import dev.finpipe.history.VersionCoder;
import dev.finpipe.io.BronzeRows;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.QuarantineRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.SilverCommitMetrics;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.VersionRows;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.ChangeRecord;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.parse.ParseRecords;
import dev.finpipe.pipelines.common.BatchBudget;
import dev.finpipe.pipelines.common.DomainSettings;
import dev.finpipe.pipelines.common.HistoryFiles;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageRun;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.refine.RecordSteps;
import dev.finpipe.validate.ValidateRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/**
 * Bronze to silver for a change-record domain (customers, accounts): each batch's changes are parsed and validated
 * (refusals to {@code quarantine/<domain>} with their reasons), then merged into the entities' history
 * ({@code silver/<domain>}, SCD type 2: {@link MergeHistory}) and current state ({@code silver/<domain>_current}).
 *
 * <p>Copy-on-write, per batch: on the driver, the batch's entity ids are read from its bronze files; the live files
 * of both silver tables that may hold one of them (their id bucket, then their id range: {@code minValues} /
 * {@code maxValues}) are read whole and replaced, in one Delta version per table, by files holding their rows with
 * the touched entities' new versions, so a batch costs what its entities' files hold, not what the tables hold.
 * A change already in the history (a re-delivered batch) is a duplicate: re-running a batch changes no version.
 * Every change of an entity is applied in {@code updated_at} order whatever the order it arrives in, so there is no
 * lateness: an old change splits the version it falls in.
 */
final class ChangesToHistory {
  private ChangesToHistory() {}

  /** What one run reads, decided on the driver before the pipeline is built. */
  static final class Plan {
    final List<String> bronzeFiles;
    final List<DataFile> historyFiles;
    final List<DataFile> currentFiles;
    final Instant now;

    Plan(List<String> bronzeFiles, List<DataFile> historyFiles, List<DataFile> currentFiles, Instant now) {
      this.bronzeFiles = bronzeFiles;
      this.historyFiles = historyFiles;
      this.currentFiles = currentFiles;
      this.now = now;
    }
  }

  @SuppressWarnings("unchecked")
  static RunReport run(BronzeToSilver.Options options, DomainSettings settings) {
    return runChanges(options, settings, (Domain<ChangeRecord>) settings.domain());
  }

  static <T extends ChangeRecord> void build(Pipeline pipeline, BronzeToSilver.Options options, DomainSettings settings,
      Domain<T> domain, DeltaTable history, DeltaTable current, Plan plan, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    VersionRows<T> historyRows = Domain.historyOf(domain);
    VersionRows<T> currentRows = Domain.currentOf(domain);
    Coder<T> recordCoder = ModelCoders.of(pipeline, domain.recordType());
    VersionCoder<T> versionCoder = VersionCoder.of(recordCoder);

    PCollection<RawRecord> raw =
        pipeline
            .apply("ReadBronze", ReadTableFiles.of(plan.bronzeFiles, BronzeRows::fromRecord, ModelCoders.of(pipeline, RawRecord.class)))
            .apply("CountRead", CountElements.as(BronzeToSilver.class, "bronze_rows_read"));
    ValidateRecords<T> validate = domain.validate().withActions(settings.ruleActions()).withNow(plan.now);
    WithFailures.Result<PCollection<T>, FailedRecord> refined =
        raw.apply("ParseValidate", RecordSteps.of(domain.parse().step().then(validate.step()), domain.recordType()));
    refined.failures().apply("WriteQuarantine",
        WriteTableFiles.of(new QuarantineRows(domain.quarantine(), domain.idColumn())).to(warehouse).forRun(runId));

    PCollection<Version<T>> storedHistory = pipeline.apply("ReadHistoryOfBatchIds",
        ReadTableFiles.of(paths(history, plan.historyFiles), historyRows::fromRecord, versionCoder));
    MergeHistory.Result<T> merged =
        refined
            .output()
            .apply("DropRawPayload", MapElements.into(TypeDescriptor.of(domain.recordType())).via(domain::withoutPayload))
            .setCoder(recordCoder)
            .apply("MergeHistory",
                MergeHistory.<T>byKey(ChangeRecord::recordId)
                    .withUpdatedAt(ChangeRecord::getEventTime)
                    .withIsDelete(ChangeRecord::isDelete)
                    .withKeepOrder(ChangesToHistory::keepOrder)
                    .withStored(storedHistory));
    PCollection<Version<T>> rewritten = PCollectionList.of(merged.changed()).and(merged.unchanged())
        .apply("HistoryOfFilesRead", Flatten.pCollections());
    rewritten.apply("WriteHistory", WriteTableFiles.of(historyRows).to(warehouse).forRun(runId));

    // The current table's files read are rewritten too: a changed entity's row is its new current version (none once
    // deleted), every other row is carried over.
    PCollection<Version<T>> storedCurrent = pipeline.apply("ReadCurrentOfBatchIds",
        ReadTableFiles.of(paths(current, plan.currentFiles), currentRows::fromRecord, versionCoder));
    TupleTag<Version<T>> storedTag = new TupleTag<>("stored");
    TupleTag<Version<T>> changedTag = new TupleTag<>("changed");
    KeyedPCollectionTuple.of(storedTag, keyed("KeyStoredCurrent", storedCurrent, versionCoder))
        .and(changedTag, keyed("KeyChangedHistory", merged.changed(), versionCoder))
        .apply("GroupCurrentById", CoGroupByKey.create())
        .apply("CurrentVersions", ParDo.of(new CurrentVersionFn<>(storedTag, changedTag)))
        .setCoder(versionCoder)
        .apply("WriteCurrent", WriteTableFiles.of(currentRows).to(warehouse).forRun(runId));
  }

  /** Copies of one change are ordered as dedupe orders copies of an event ({@link DomainRecord#KEEP_ORDER}). */
  private static int keepOrder(ChangeRecord a, ChangeRecord b) {
    return DomainRecord.KEEP_ORDER.compare(a, b);
  }

  private static <T extends ChangeRecord> PCollection<KV<String, Version<T>>> keyed(
      String name, PCollection<Version<T>> versions, Coder<Version<T>> coder) {
    return versions
        .apply(name, WithKeys.of((Version<T> v) -> v.getRecord().recordId()).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
  }

  /** Per entity: its new current version when its history changed (none once deleted), else its stored row. */
  static final class CurrentVersionFn<T extends ChangeRecord> extends DoFn<KV<String, CoGbkResult>, Version<T>> {
    private final TupleTag<Version<T>> storedTag;
    private final TupleTag<Version<T>> changedTag;
    private final Counter currentChanged = Metrics.counter(ChangesToHistory.class, "current_rows_changed");

    CurrentVersionFn(TupleTag<Version<T>> storedTag, TupleTag<Version<T>> changedTag) {
      this.storedTag = storedTag;
      this.changedTag = changedTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, OutputReceiver<Version<T>> out) {
      Iterable<Version<T>> changed = group.getValue().getAll(changedTag);
      if (!changed.iterator().hasNext()) {
        group.getValue().getAll(storedTag).forEach(out::output);
        return;
      }
      currentChanged.inc();
      for (Version<T> version : changed) {
        if (version.isCurrent()) {
          out.output(version);
        }
      }
    }
  }

  private static List<String> paths(DeltaTable table, List<DataFile> files) {
    return files.stream().map(table::absolutePath).collect(Collectors.toList());
  }

  private static <T extends ChangeRecord> RunReport runChanges(
      BronzeToSilver.Options options, DomainSettings settings, Domain<T> domain) {
    settings.ruleActions(); // a bad override stops here, before any work
    BatchBudget budget = BatchBudget.of(options);
    String appId = domain.appId(BronzeToSilver.STAGE);
    StageRun run = StageRun.start(options, BronzeToSilver.STAGE, domain.stageLabel(BronzeToSilver.STAGE), appId);
    RunReport report = run.report();
    String warehouse = run.warehouse();

    TableSpec historySpec = domain.silver();
    TableSpec currentSpec = domain.current().orElseThrow();
    TableSpec quarantineSpec = domain.quarantine();
    DeltaTable bronze = DeltaTable.at(warehouse, domain.bronze());
    DeltaTable history = DeltaTable.at(warehouse, historySpec);
    DeltaTable current = DeltaTable.at(warehouse, currentSpec);
    long consumed = history.appVersion(appId);
    long bronzeVersion = bronze.version();
    if (bronzeVersion <= consumed) {
      return run.nothingToDo("no bronze version after " + consumed + " (bronze is at " + bronzeVersion + ")");
    }
    BatchBudget.Versions batch = budget.take(bronze, consumed, bronzeVersion);
    long upTo = batch.upTo;
    List<DataFile> newBronze = batch.files;
    report.backlog(batch.rowsLeft);
    List<String> bronzePaths = paths(bronze, newBronze);
    Set<String> ids = BronzeToSilver.idsOf(domain, bronzePaths, DomainRecord::recordId);
    Plan plan = new Plan(bronzePaths, HistoryFiles.mayHold(history, domain.idColumn(), ids),
        HistoryFiles.mayHold(current, domain.idColumn(), ids),
        Instant.now());
    report
        .count("bronze versions processed", upTo - consumed)
        .count("bronze files read", bronzePaths.size())
        .count("entities in the batch", ids.size())
        .count("history files rewritten", plan.historyFiles.size())
        .count("history files live", history.exists() ? history.liveFiles(null).size() : 0)
        .count("current files rewritten", plan.currentFiles.size());

    PipelineResult result = run.runPipeline(List.of(quarantineSpec, historySpec, currentSpec),
        p -> build(p, options, settings, domain, history, current, plan, run.runId()), BronzeToSilver.class,
        "bronze_rows_read");

    long read = newBronze.stream().mapToLong(DataFile::numRecords).sum();
    long quarantined = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(quarantineSpec.path()));
    long historyRows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(historySpec.path()));
    long currentRows = PipelineRuns.counter(result, WriteTableFiles.class, WriteTableFiles.rowsCounterName(currentSpec.path()));
    long valid = PipelineRuns.counter(result, ValidateRecords.class, "valid");
    long dropped = PipelineRuns.counter(result, ValidateRecords.class, "dropped");
    long duplicates = PipelineRuns.counter(result, MergeHistory.class, MergeHistory.DUPLICATE_CHANGES);
    long storedVersions = plan.historyFiles.stream().mapToLong(DataFile::numRecords).sum();
    report
        .count("records read", read)
        .count("parsed", PipelineRuns.counter(result, ParseRecords.class, "parsed"))
        .count("duplicate changes", duplicates)
        .count("dropped by rule", dropped)
        .count("changes applied", valid - duplicates)
        .count("entities changed", PipelineRuns.counter(result, MergeHistory.class, MergeHistory.KEYS_CHANGED))
        .count("versions opened", PipelineRuns.counter(result, MergeHistory.class, MergeHistory.VERSIONS_OPENED))
        .count("versions closed", PipelineRuns.counter(result, MergeHistory.class, MergeHistory.VERSIONS_CLOSED))
        .count("deletes of no version", PipelineRuns.counter(result, MergeHistory.class, MergeHistory.DELETES_WITHOUT_VERSION))
        .count("history versions read", storedVersions)
        .eventsIn(read);
    BronzeToSilver.countRefusals(report, result, domain);
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("changes applied", valid - duplicates);
    parts.put("duplicate changes", duplicates);
    parts.put("quarantined", quarantined);
    parts.put("dropped", dropped);
    report.balance("read", read, parts);

    run.commits(Map.of(quarantineSpec, quarantined, historySpec, historyRows, currentSpec, currentRows))
        .add(quarantineSpec, upTo, Set.of(), Map.of())
        .addRewrite(historySpec, upTo, plan.historyFiles, SilverCommitMetrics.books(read, quarantined))
        .addRewrite(currentSpec, upTo, plan.currentFiles, Map.of())
        .commit();
    return run.finish();
  }
}
