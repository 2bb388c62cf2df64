package dev.finpipe.pipelines.ops;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.EventRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.SchemaCoders;
import dev.finpipe.ops.AggregateServiceMinute;
import dev.finpipe.ops.ServiceMinute;
import dev.finpipe.ops.ServiceMinuteRows;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.ContinuousOptions;
import dev.finpipe.pipelines.common.IncrementalInputs;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RebuildOptions;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.StageRun;
import dev.finpipe.pipelines.common.TableCommits;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Operations silver to gold, incrementally: aggregates only the {@code silver/app_logs} and
 * {@code silver/infra_metrics} files committed since the stage last ran into {@code gold/service_minute} rows per
 * service and minute ({@link AggregateServiceMinute}), merges them into the existing rows of the dates they touch, and
 * replaces those date partitions atomically, once per pair of silver versions. A batch so costs what it adds plus the
 * gold rows of its dates. {@code --rebuild} ({@code make ops-gold-rebuild}) recomputes every date from all of silver.
 * A silver table that does not exist (a warehouse without that ops domain) is nothing to read.
 *
 * <p>Progress. Delta's {@code SetTransaction} holds one version per app id, and this stage consumes two tables, so
 * each commit records three: {@code finpipe-gold-ops-app_logs} and {@code finpipe-gold-ops-infra_metrics}, the
 * silver version of each table it has aggregated (absent while that table does not exist), which the next run plans
 * from; and {@code finpipe-gold-ops} itself (the journal's app id, which makes the commit idempotent) at the sum of
 * the two {@code version + 1}s. That sum is a function of the pair and grows whenever either table does (neither ever
 * goes back), so a pair is committed once, and a commit an earlier attempt already made is skipped. A rebuild commits
 * under {@code finpipe-gold-ops-rebuild} and moves the three to the versions it read.
 *
 * <p>The incidents and KPI tables (same contract) derive from service_minute and belong to this stage: they join
 * {@link #TABLES}, and their commits are added with the same app version and progress, so all of them move together.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.ops.OpsToGold \
 *   -Dexec.args="--runner=SparkRunner --warehouse=data/dev"
 * }</pre>
 */
public final class OpsToGold {
  /** The ops gold tables commit under this app id, at the sum of the consumed silver versions + 1. */
  public static final String APP_ID = "finpipe-gold-ops";

  /** A full recompute commits under this app id, and moves the incremental progress to the versions read. */
  public static final String REBUILD_APP_ID = "finpipe-gold-ops-rebuild";

  /** The progress counter: silver rows read. */
  public static final String ROWS_READ_COUNTER = "silver_rows_read";

  /** The silver tables the stage consumes, each with its own progress. */
  static final List<Domain<?>> SOURCES = List.of(Domains.APP_LOGS, Domains.INFRA_METRICS);

  /** Options of the ops gold stage. */
  public interface Options extends WarehouseOptions, RunOptions, ContinuousOptions, RebuildOptions {}

  /** What one run reads, decided on the driver from the Delta logs. */
  public static final class Plan {
    /** Per source domain with something to read, the silver files (absolute paths). */
    final Map<Domain<?>, List<String>> silverFiles;
    /** The current service_minute files of the touched dates (none for a rebuild). */
    final List<String> goldFiles;

    Plan(Map<Domain<?>, List<String>> silverFiles, List<String> goldFiles) {
      this.silverFiles = silverFiles;
      this.goldFiles = goldFiles;
    }
  }

  private OpsToGold() {}

  /** The progress id of {@code source}'s silver table: the version this stage has aggregated. */
  public static String progressId(Domain<?> source) {
    return APP_ID + "-" + source.name();
  }

  /** The tables the stage writes, in commit order. */
  static final List<TableSpec> TABLES = List.of(Tables.GOLD_SERVICE_MINUTE);

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> TriggerLoop.run("gold-ops", options,
        AutoCompact.after(Warehouses.normalize(options.getWarehouse()), options.getAutoCompact(), () -> run(options))),
        options);
  }

  /** Aggregates the plan's silver files, merged into its gold rows, into this run's service_minute files. */
  public static void build(Pipeline pipeline, Options options, Plan plan, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    PCollectionTuple silver = PCollectionTuple.empty(pipeline);
    List<String> logs = plan.silverFiles.get(Domains.APP_LOGS);
    if (logs != null) {
      silver = silver.and(AggregateServiceMinute.LOGS, readSilver(pipeline, Domains.APP_LOGS, logs));
    }
    List<String> samples = plan.silverFiles.get(Domains.INFRA_METRICS);
    if (samples != null) {
      silver = silver.and(AggregateServiceMinute.METRICS, readSilver(pipeline, Domains.INFRA_METRICS, samples));
    }
    AggregateServiceMinute aggregate = AggregateServiceMinute.perServiceAndMinute();
    if (!plan.goldFiles.isEmpty()) {
      aggregate = aggregate.mergingInto(pipeline.apply("ReadServiceMinuteOfTouchedDates", ReadTableFiles.of(
          plan.goldFiles, ServiceMinuteRows::fromRecord, SchemaCoders.of(pipeline, ServiceMinute.class))));
    }
    silver
        .apply("AggregateServiceMinute", aggregate)
        .apply("WriteServiceMinute", WriteTableFiles.of(new ServiceMinuteRows()).to(warehouse).forRun(runId));
  }

  // Events domains' silver rows are EventRows (Domains declares them so); the cast only recovers the record type.
  @SuppressWarnings("unchecked")
  private static <T extends DomainRecord> PCollection<T> readSilver(
      Pipeline pipeline, Domain<T> domain, List<String> files) {
    EventRows<T> rows = (EventRows<T>) domain.silverRows();
    String name = "Read" + tagName(domain);
    return pipeline
        .apply(name, ReadTableFiles.of(files, rows::fromRecord, SchemaCoders.of(pipeline, domain.recordType())))
        .apply("Count" + tagName(domain), CountElements.as(OpsToGold.class, ROWS_READ_COUNTER));
  }

  private static String tagName(Domain<?> domain) {
    return domain == Domains.APP_LOGS ? "AppLogs" : "InfraMetrics";
  }

  public static RunReport run(Options options) {
    boolean rebuild = options.getRebuild();
    // Runs of either kind decided before a crash are finished first; this run commits through its own kind's journal.
    StageRun run = StageRun.start(options, "gold-ops", "gold ops", rebuild ? REBUILD_APP_ID : APP_ID);
    CommitJournal.recover(run.warehouse(), rebuild ? APP_ID : REBUILD_APP_ID, run.report());
    RunReport report = run.report();
    String warehouse = run.warehouse();
    DeltaTable gold = DeltaTable.at(warehouse, Tables.GOLD_SERVICE_MINUTE);

    Map<String, Long> progress = new TreeMap<>();
    Map<Domain<?>, List<DataFile>> inputs = new LinkedHashMap<>();
    Map<Domain<?>, List<String>> silverFiles = new LinkedHashMap<>();
    long pairVersion = 0;
    for (Domain<?> source : SOURCES) {
      DeltaTable silver = DeltaTable.at(warehouse, source.silver());
      long version = silver.version();
      if (version < 0) {
        report.note(source.silver().path() + " does not exist: nothing to read from it");
        continue;
      }
      long consumed = gold.appVersion(progressId(source));
      progress.put(progressId(source), version);
      pairVersion += version + 1;
      if (rebuild || version > consumed) {
        List<DataFile> files = IncrementalInputs.sourceFiles(silver, consumed, version, rebuild);
        inputs.put(source, files);
        silverFiles.put(source, files.stream().map(silver::absolutePath).collect(Collectors.toList()));
        report
            .count(source.name() + " silver versions processed",
                rebuild || consumed < 0 ? version + 1 : version - consumed)
            .count(source.name() + " silver files read", files.size());
      }
    }
    if (inputs.isEmpty() && !(rebuild && gold.exists())) {
      return run.nothingToDo(progress.isEmpty()
          ? "no silver/app_logs or silver/infra_metrics table yet"
          : "no silver version after the ones gold/service_minute holds (" + progress + ")");
    }

    Set<String> dates = new TreeSet<>();
    inputs.values().forEach(files -> dates.addAll(IncrementalInputs.datesOf(files)));
    List<String> goldFiles = IncrementalInputs.goldFilesOf(gold, dates, rebuild).values().stream()
        .flatMap(List::stream).collect(Collectors.toList());
    Plan plan = new Plan(silverFiles, goldFiles);
    report
        .count("dates recomputed", dates.size())
        .count("gold files merged into", goldFiles.size())
        .note((rebuild ? "rebuilt from all of silver: " : "dates updated: ")
            + (dates.isEmpty() ? "none" : String.join(", ", dates)));

    PipelineResult result = run.runPipeline(TABLES, p -> build(p, options, plan, run.runId()), OpsToGold.class,
        ROWS_READ_COUNTER);
    long read = inputs.values().stream().flatMap(List::stream).mapToLong(DataFile::numRecords).sum(); // exact
    report.count("silver rows read", read).eventsIn(read);
    long unknownMetrics =
        PipelineRuns.counter(result, AggregateServiceMinute.class, AggregateServiceMinute.UNKNOWN_METRIC_COUNTER);
    if (unknownMetrics > 0) {
      report.count("samples of unknown metrics (no column)", unknownMetrics);
    }

    // A rebuild also moves the incremental progress to the versions it read, so the next run merges from there.
    Map<String, Long> commitProgress = new TreeMap<>(progress);
    long appVersion = pairVersion;
    if (rebuild) {
      commitProgress.put(APP_ID, pairVersion);
      appVersion = gold.appVersion(REBUILD_APP_ID) + 1;
    } else if (pairVersion <= gold.appVersion(APP_ID)) {
      // Only a silver table recreated at a lower version gets here; committing would be skipped as already done.
      throw new IllegalStateException("gold/service_minute holds " + APP_ID + " v" + gold.appVersion(APP_ID)
          + ", beyond the silver versions " + progress + ": was a silver table recreated? Run make ops-gold-rebuild");
    }
    run.commits(TableCommits.rowsWritten(result, TABLES.toArray(new TableSpec[0])))
        .add(Tables.GOLD_SERVICE_MINUTE, appVersion, dates, commitProgress)
        .commit();
    return run.finish();
  }
}
