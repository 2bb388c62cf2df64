package dev.finpipe.pipelines.ops;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.DerivedRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.ops.AggregateServiceMinute;
import dev.finpipe.ops.ComputeOpsKpis;
import dev.finpipe.ops.DetectIncidents;
import dev.finpipe.ops.Incident;
import dev.finpipe.ops.IncidentPlan;
import dev.finpipe.ops.IncidentRule;
import dev.finpipe.ops.IncidentRules;
import dev.finpipe.ops.MinutePoint;
import dev.finpipe.ops.OpsKpis;
import dev.finpipe.ops.OpsKpisDaily;
import dev.finpipe.ops.ServiceMinute;
import dev.finpipe.model.EventDates;
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
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

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
 * <p>Incidents and KPIs. The same run and commit also bring {@code gold/incidents} and {@code gold/ops_kpis_daily}
 * up to date, under the same app version and progress, so the three tables always agree. The driver reads the
 * stored incidents (a small table) and plans ({@link IncidentPlan}) which minutes of each service to re-read: from the
 * earliest date the batch touched, reaching back over any incident still in flight there. The pipeline detects
 * incidents ({@link DetectIncidents}) over the merged rows of the touched dates and the stored rows of the other dates
 * read, and replaces every incidents partition from the plan's first date on with those incidents and the stored final
 * ones; the KPIs of those dates are recomputed from every incident detected or resolved on them
 * ({@link ComputeOpsKpis}). So an incremental run gives the rows a recompute of everything would. Rules come from
 * {@code --incidentRules} (the Makefile passes {@code runners-config/<env>/incidents.yaml}); changing them changes
 * past incidents: run {@code make ops-gold-rebuild}.
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
  public interface Options extends WarehouseOptions, RunOptions, ContinuousOptions, RebuildOptions {
    @Description("Incident detection rules (YAML, README \"Incidents and KPIs\"); empty: the built-in rules.")
    @Default.String("")
    String getIncidentRules();

    void setIncidentRules(String file);

    @Description("Where MTTR is measured from: detected (resolved_at - detected_at) or started (resolved_at - "
        + "started_at).")
    @Default.String("detected")
    String getMttrFrom();

    void setMttrFrom(String from);
  }

  /** What one run detects incidents over and replaces, decided on the driver from the stored incidents. */
  static final class IncidentsPlan {
    final IncidentPlan plan;
    final List<IncidentRule> rules;
    final OpsKpis.MttrFrom mttrFrom;
    /** The stored service_minute files the plan re-reads besides the touched dates' merged rows. */
    final List<String> minuteFiles;
    /** Stored incidents outside the replaced partitions that count on a recomputed KPI date. */
    final List<Incident> countedOnly;

    IncidentsPlan(IncidentPlan plan, List<IncidentRule> rules, OpsKpis.MttrFrom mttrFrom, List<String> minuteFiles,
        List<Incident> countedOnly) {
      this.plan = plan;
      this.rules = rules;
      this.mttrFrom = mttrFrom;
      this.minuteFiles = minuteFiles;
      this.countedOnly = countedOnly;
    }
  }

  /** What one run reads, decided on the driver from the Delta logs. */
  public static final class Plan {
    /** Per source domain with something to read, the silver files (absolute paths). */
    final Map<Domain<?>, List<String>> silverFiles;
    /** The current service_minute files of the touched dates (none for a rebuild). */
    final List<String> goldFiles;
    /** Null when the batch touched no minute (only files without rows, say): incidents are as they were. */
    final @Nullable IncidentsPlan incidents;

    Plan(Map<Domain<?>, List<String>> silverFiles, List<String> goldFiles, @Nullable IncidentsPlan incidents) {
      this.silverFiles = silverFiles;
      this.goldFiles = goldFiles;
      this.incidents = incidents;
    }
  }

  private OpsToGold() {}

  /** The progress id of {@code source}'s silver table: the version this stage has aggregated. */
  public static String progressId(Domain<?> source) {
    return APP_ID + "-" + source.name();
  }

  /** The tables the stage writes, in commit order. */
  static final List<TableSpec> TABLES =
      List.of(Tables.GOLD_SERVICE_MINUTE, Tables.GOLD_INCIDENTS, Tables.GOLD_OPS_KPIS_DAILY);

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
          plan.goldFiles, Tables.SERVICE_MINUTE_ROWS.fromRecord(), ModelCoders.of(pipeline, ServiceMinute.class))));
    }
    PCollection<ServiceMinute> minutes = silver.apply("AggregateServiceMinute", aggregate);
    minutes.apply("WriteServiceMinute", WriteTableFiles.of(Tables.SERVICE_MINUTE_ROWS).to(warehouse).forRun(runId));
    if (plan.incidents != null) {
      buildIncidents(pipeline, warehouse, minutes, plan.incidents, runId);
    }
  }

  /**
   * Incidents over the touched dates' merged minutes and the stored minutes of the other dates the plan reads, the
   * stored final incidents of the replaced partitions kept, then the KPIs of the replaced dates.
   */
  private static void buildIncidents(
      Pipeline pipeline, String warehouse, PCollection<ServiceMinute> merged, IncidentsPlan plan, String runId) {
    Coder<Incident> incidentCoder = ModelCoders.of(pipeline, Incident.class);
    IncidentPlan incidentPlan = plan.plan;
    PCollection<ServiceMinute> stored = pipeline.apply("ReadServiceMinuteToRedetect", ReadTableFiles.of(
        plan.minuteFiles, Tables.SERVICE_MINUTE_ROWS.fromRecord(), ModelCoders.of(pipeline, ServiceMinute.class)));
    PCollection<Incident> detected = PCollectionList.of(merged).and(stored)
        .apply("MinutesToRedetect", Flatten.pCollections())
        .apply("ToMinutePoints", MapElements.into(TypeDescriptor.of(MinutePoint.class)).via(ServiceMinute::toPoint))
        .setCoder(ModelCoders.of(pipeline, MinutePoint.class))
        .apply("InTheReadRange", Filter.by(incidentPlan::reads))
        .apply("DetectIncidents", DetectIncidents.withRules(plan.rules));
    PCollection<Incident> replaced = PCollectionList.of(detected)
        .and(pipeline.apply("KeptIncidents", Create.of(incidentPlan.kept()).withCoder(incidentCoder)))
        .apply("IncidentsOfReplacedDates", Flatten.pCollections());
    replaced.apply("WriteIncidents", WriteTableFiles.of(Tables.INCIDENT_ROWS).to(warehouse).forRun(runId));
    PCollectionList.of(replaced)
        .and(pipeline.apply("IncidentsCountedOnly", Create.of(plan.countedOnly).withCoder(incidentCoder)))
        .apply("IncidentsOfRecomputedKpis", Flatten.pCollections())
        .apply("ComputeOpsKpis",
            ComputeOpsKpis.daily().withMttrFrom(plan.mttrFrom).fromDate(incidentPlan.replaceFromDate()))
        .apply("WriteOpsKpis", WriteTableFiles.of(Tables.OPS_KPI_ROWS).to(warehouse).forRun(runId));
  }

  /**
   * The incidents part of the plan: the stored incidents and the service_minute files from the plan's first date on
   * (the touched dates' come merged from the pipeline). A rebuild detects over every minute and replaces every date.
   */
  private static IncidentsPlan incidentsPlan(String warehouse, DeltaTable gold, Set<String> touchedDates,
      List<IncidentRule> rules, OpsKpis.MttrFrom mttrFrom, boolean rebuild, RunReport report) {
    List<Incident> stored = new ArrayList<>();
    if (!rebuild && DeltaTable.at(warehouse, Tables.GOLD_INCIDENTS).exists()) {
      TableSnapshots.forEachRow(warehouse, Tables.GOLD_INCIDENTS,
          (date, r) -> stored.add(Tables.INCIDENT_ROWS.fromRecordOf(date).apply(r)));
    }
    Set<String> dates = new TreeSet<>(touchedDates);
    if (rebuild && gold.exists()) {
      gold.liveFiles(null).forEach(f -> dates.add(f.partitionValue()));
    }
    IncidentPlan plan = IncidentPlan.of(dates, stored, rules);
    String fromDate = EventDates.utcDate(plan.earliestReadFrom());
    List<String> minuteFiles = new ArrayList<>();
    if (gold.exists()) {
      for (DataFile file : gold.liveFiles(null)) {
        if (file.partitionValue().compareTo(fromDate) >= 0 && !dates.contains(file.partitionValue())) {
          minuteFiles.add(gold.absolutePath(file));
        }
      }
    }
    String replaceFrom = plan.replaceFromDate();
    List<Incident> countedOnly = stored.stream()
        .filter(i -> i.date().compareTo(replaceFrom) < 0
            && OpsKpis.datesOf(i).stream().anyMatch(d -> d.compareTo(replaceFrom) >= 0))
        .collect(Collectors.toList());
    report
        .count("incidents stored", stored.size())
        .count("service_minute files re-read for incidents", minuteFiles.size())
        .note("incidents and KPIs replaced from " + replaceFrom + " on (services re-read from "
            + plan.earliestReadFrom() + " at the earliest)");
    return new IncidentsPlan(plan, rules, mttrFrom, minuteFiles, countedOnly);
  }

  /** The existing partitions of {@code spec} from {@code fromDate} on (all of them for a rebuild). */
  private static Set<String> partitionsFrom(String warehouse, TableSpec spec, String fromDate, boolean rebuild) {
    DeltaTable table = DeltaTable.at(warehouse, spec);
    Set<String> partitions = new TreeSet<>();
    if (table.exists()) {
      table.liveFiles(null).stream().map(DataFile::partitionValue)
          .filter(p -> rebuild || p.compareTo(fromDate) >= 0)
          .forEach(partitions::add);
    }
    return partitions;
  }

  // Events domains' silver rows are DerivedRows (EventRows.silverOf; Domains declares them so); the cast only recovers
  // the record type.
  @SuppressWarnings("unchecked")
  private static <T extends DomainRecord> PCollection<T> readSilver(
      Pipeline pipeline, Domain<T> domain, List<String> files) {
    DerivedRows<T> rows = (DerivedRows<T>) domain.silverRows();
    String name = "Read" + tagName(domain);
    return pipeline
        .apply(name, ReadTableFiles.of(files, rows.fromRecord(), ModelCoders.of(pipeline, domain.recordType())))
        .apply("Count" + tagName(domain), CountElements.as(OpsToGold.class, ROWS_READ_COUNTER));
  }

  private static String tagName(Domain<?> domain) {
    return domain == Domains.APP_LOGS ? "AppLogs" : "InfraMetrics";
  }

  public static RunReport run(Options options) {
    boolean rebuild = options.getRebuild();
    // Bad rules or a bad --mttrFrom stop the run before any work.
    List<IncidentRule> rules = IncidentRules.fromFileOrDefaults(options.getIncidentRules());
    OpsKpis.MttrFrom mttrFrom = OpsKpis.MttrFrom.parse(options.getMttrFrom());
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
    IncidentsPlan incidents = dates.isEmpty() && !(rebuild && gold.exists()) ? null
        : incidentsPlan(warehouse, gold, dates, rules, mttrFrom, rebuild, report);
    List<TableSpec> tables = incidents == null ? List.of(Tables.GOLD_SERVICE_MINUTE) : TABLES;
    Plan plan = new Plan(silverFiles, goldFiles, incidents);
    report
        .count("dates recomputed", dates.size())
        .count("gold files merged into", goldFiles.size())
        .note((rebuild ? "rebuilt from all of silver: " : "dates updated: ")
            + (dates.isEmpty() ? "none" : String.join(", ", dates)));

    PipelineResult result = run.runPipeline(tables, p -> build(p, options, plan, run.runId()), OpsToGold.class,
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
    TableCommits commits = run.commits(TableCommits.rowsWritten(result, tables.toArray(new TableSpec[0])))
        .add(Tables.GOLD_SERVICE_MINUTE, appVersion, dates, commitProgress);
    if (incidents != null) {
      String replaceFrom = incidents.plan.replaceFromDate();
      report
          .count("incidents open (of the services re-read)",
              PipelineRuns.counter(result, DetectIncidents.class, DetectIncidents.INCIDENTS_OPEN))
          .count("incidents resolved (of the services re-read)",
              PipelineRuns.counter(result, DetectIncidents.class, DetectIncidents.INCIDENTS_RESOLVED));
      commits
          .add(Tables.GOLD_INCIDENTS, appVersion,
              partitionsFrom(warehouse, Tables.GOLD_INCIDENTS, replaceFrom, rebuild), commitProgress)
          .add(Tables.GOLD_OPS_KPIS_DAILY, appVersion,
              partitionsFrom(warehouse, Tables.GOLD_OPS_KPIS_DAILY, replaceFrom, rebuild), commitProgress);
    }
    commits.commit();
    return run.finish();
  }
}
