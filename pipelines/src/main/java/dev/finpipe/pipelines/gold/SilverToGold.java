package dev.finpipe.pipelines.gold;

import dev.finpipe.aggregate.AggregateDaily;
import dev.finpipe.aggregate.AggregateSegmentVolume;
import dev.finpipe.aggregate.EnrichPointInTime;
import dev.finpipe.aggregate.RankTopUsers;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.history.Version;
import dev.finpipe.history.VersionCoder;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.GoldRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.SilverRows;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.DailySegmentVolume;
import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.EnrichedTransaction;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.Transaction;
import dev.finpipe.options.GoldOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.BatchBudget;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.ContinuousOptions;
import dev.finpipe.pipelines.common.HistoryFiles;
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
import dev.finpipe.validate.RuleAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Silver to gold, incrementally: aggregates only the silver files committed since gold last ran, merges those
 * partial aggregates into the existing {@code daily_user_currency} rows of the dates they touch, re-ranks
 * {@code daily_top_users} from the merged rows, and replaces those dates' partitions of both tables atomically, once
 * per silver version. A batch so costs what it adds plus the gold rows of its dates, never all of silver; a backlog
 * of silver versions runs as batches of at most {@code --maxRecordsPerTrigger} silver rows, in whole versions
 * ({@link BatchBudget}).
 * {@code --rebuild} ({@code make gold-rebuild}) recomputes every date from all of silver instead.
 *
 * <p>{@code daily_segment_volume} is a third gold table of the same stage and commit: each new transaction joined
 * with the version of its account valid at its event time and that account's customer's version valid then
 * ({@link EnrichPointInTime}, reading only the {@code silver/accounts} and then {@code silver/customers} files that
 * may hold the batch's ids), aggregated ({@link AggregateSegmentVolume}) and merged into the touched dates' rows.
 * It lives here rather than in a stage of its own because it consumes the same silver versions under the same app
 * id and journal, and the medallion runs gold once, after every domain's silver. A transaction is attributed when
 * it is aggregated: a customer or account change arriving later (a late segment change, say) does not move
 * transactions already in gold until {@code make gold-rebuild}, which recomputes this table from all of silver and
 * the dimensions as they are then. Unknown accounts and customers follow {@code --goldRuleActions}.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.gold.SilverToGold \
 *   -Dexec.args="--runner=SparkRunner --warehouse=data/dev --topN=10 --goldRuleActions=account_known=WARN"
 * }</pre>
 */
public final class SilverToGold {
  /** The gold tables commit under this app id, versioned by the silver version consumed. */
  public static final String APP_ID = "finpipe-gold";

  /** A full recompute commits under this app id, and moves {@link #APP_ID}'s progress to the silver version read. */
  public static final String REBUILD_APP_ID = "finpipe-gold-rebuild";

  /** Options of the gold stage. */
  public interface Options extends WarehouseOptions, GoldOptions, RunOptions, ContinuousOptions, RebuildOptions {
    @Description("Actions of daily_segment_volume's referential rules, rule=ACTION,...: account_known (the "
        + "transaction's account has a version valid at its event time) and customer_known (so has that account's "
        + "customer). WARN (the default) counts and aggregates the transaction under UNKNOWN, DROP counts and leaves it "
        + "out, FAIL aborts the run; QUARANTINE is refused (gold has no quarantine).")
    @Default.String("")
    String getGoldRuleActions();

    void setGoldRuleActions(String actions);
  }

  /** What one gold run reads, decided on the driver from the Delta logs. */
  public static final class Plan {
    final List<String> silverFiles;
    /** The current daily_user_currency files of each touched date (none for a rebuild). */
    final Map<String, List<String>> goldFilesByDate;

    public Plan(List<String> silverFiles, Map<String, List<String>> goldFilesByDate) {
      this.silverFiles = silverFiles;
      this.goldFilesByDate = goldFilesByDate;
    }
  }

  /** What one run reads for {@code daily_segment_volume}, decided on the driver from the Delta logs. */
  public static final class SegmentPlan {
    final List<String> silverFiles;
    /** The current daily_segment_volume files of each touched date (none for a rebuild). */
    final Map<String, List<String>> goldFilesByDate;
    /** The silver/accounts files that may hold the batch's accounts, then silver/customers' for their owners. */
    final List<String> accountFiles;
    final List<String> customerFiles;
    final Map<String, RuleAction> ruleActions;

    public SegmentPlan(List<String> silverFiles, Map<String, List<String>> goldFilesByDate, List<String> accountFiles,
        List<String> customerFiles, Map<String, RuleAction> ruleActions) {
      this.silverFiles = silverFiles;
      this.goldFilesByDate = goldFilesByDate;
      this.accountFiles = accountFiles;
      this.customerFiles = customerFiles;
      this.ruleActions = ruleActions;
    }
  }

  private SilverToGold() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> TriggerLoop.run("gold", options,
        AutoCompact.after(Warehouses.normalize(options.getWarehouse()), options.getAutoCompact(), () -> run(options))), options);
  }

  /**
   * Aggregates the plans' silver files, merged into their gold rows, into this run's gold files; a null plan's
   * tables are up to date and not written.
   */
  public static void build(
      Pipeline pipeline, Options options, @Nullable Plan plan, @Nullable SegmentPlan segmentPlan, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    PCollection<Transaction> silver = plan == null ? null : readSilver(pipeline, "", plan.silverFiles);
    if (plan != null) {
      AggregateDaily aggregate = AggregateDaily.perUserAndCurrency();
      if (!plan.goldFilesByDate.isEmpty()) {
        aggregate = aggregate.mergingInto(readGold(pipeline, "ReadGold-", plan.goldFilesByDate,
            GoldRows.DailyUserCurrencyRows::fromRecordOf, ModelCoders.of(pipeline, DailyUserCurrency.class)));
      }
      PCollection<DailyUserCurrency> daily = silver.apply("AggregateDaily", aggregate);
      daily.apply(
          "WriteDailyUserCurrency",
          WriteTableFiles.of(new GoldRows.DailyUserCurrencyRows()).to(warehouse).forRun(runId));
      daily
          .apply("RankTopUsers", RankTopUsers.top(options.getTopN()))
          .apply("WriteDailyTopUsers", WriteTableFiles.of(new GoldRows.UserRankRows()).to(warehouse).forRun(runId));
    }
    if (segmentPlan != null) {
      // Both gold parts usually consume the same silver files: read them once then.
      PCollection<Transaction> transactions = plan != null && plan.silverFiles.equals(segmentPlan.silverFiles)
          ? silver
          : readSilver(pipeline, "Segment", segmentPlan.silverFiles);
      buildSegmentVolume(pipeline, warehouse, transactions, segmentPlan, runId);
    }
  }

  private static void buildSegmentVolume(
      Pipeline pipeline, String warehouse, PCollection<Transaction> transactions, SegmentPlan plan, String runId) {
    PCollection<Version<AccountChange>> accounts = pipeline.apply("ReadAccountsOfBatch", ReadTableFiles.of(
        plan.accountFiles, Domain.historyOf(Domains.ACCOUNTS)::fromRecord,
        VersionCoder.of(ModelCoders.of(pipeline, AccountChange.class))));
    PCollection<Version<CustomerChange>> customers = pipeline.apply("ReadCustomersOfBatch", ReadTableFiles.of(
        plan.customerFiles, Domain.historyOf(Domains.CUSTOMERS)::fromRecord,
        VersionCoder.of(ModelCoders.of(pipeline, CustomerChange.class))));
    PCollectionTuple enriched = transactions.apply("EnrichPointInTime",
        EnrichPointInTime.withDimensions(accounts, customers).withActions(plan.ruleActions));
    AggregateSegmentVolume aggregate = AggregateSegmentVolume.perSegmentAndAccountType();
    if (!plan.goldFilesByDate.isEmpty()) {
      aggregate = aggregate.mergingInto(readGold(pipeline, "ReadSegmentGold-", plan.goldFilesByDate,
          GoldRows.DailySegmentVolumeRows::fromRecordOf, ModelCoders.of(pipeline, DailySegmentVolume.class)));
    }
    // Transactions a DROP rule left out are only counted (EnrichPointInTime's counters): gold has no quarantine.
    PCollection<EnrichedTransaction> kept = enriched.get(EnrichPointInTime.ENRICHED);
    kept.apply("AggregateSegmentVolume", aggregate)
        .apply("WriteDailySegmentVolume",
            WriteTableFiles.of(new GoldRows.DailySegmentVolumeRows()).to(warehouse).forRun(runId));
  }

  private static PCollection<Transaction> readSilver(Pipeline pipeline, String prefix, List<String> files) {
    return pipeline
        .apply(prefix + "ReadSilver", ReadTableFiles.of(files, SilverRows::fromRecord, ModelCoders.of(pipeline, Transaction.class)))
        .apply(prefix + "CountRead", CountElements.as(SilverToGold.class, "silver_rows_read"));
  }

  /** The current rows of a gold table on the given dates, each date's files read with its date. */
  private static <T> PCollection<T> readGold(Pipeline pipeline, String prefix, Map<String, List<String>> filesByDate,
      Function<String, SerializableFunction<GenericRecord, T>> fromRecordOf, Coder<T> coder) {
    PCollectionList<T> rows = PCollectionList.empty(pipeline);
    for (Map.Entry<String, List<String>> date : filesByDate.entrySet()) {
      rows = rows.and(pipeline.apply(prefix + date.getKey(),
          ReadTableFiles.of(date.getValue(), fromRecordOf.apply(date.getKey()), coder)));
    }
    return rows.apply(prefix + "OfTouchedDates", Flatten.pCollections());
  }

  public static RunReport run(Options options) {
    if (options.getTopN() < 1) {
      throw new IllegalArgumentException("--topN=" + options.getTopN() + " must be at least 1");
    }
    Map<String, RuleAction> ruleActions = checkedRuleActions(options.getGoldRuleActions());
    BatchBudget budget = BatchBudget.of(options);
    // Runs of either kind decided before a crash are finished first; this run commits through its own kind's journal.
    StageRun run = StageRun.start(options, "gold", "gold", options.getRebuild() ? REBUILD_APP_ID : APP_ID);
    CommitJournal.recover(run.warehouse(), options.getRebuild() ? APP_ID : REBUILD_APP_ID, run.report());
    RunReport report = run.report();
    String warehouse = run.warehouse();

    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    DeltaTable gold = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    DeltaTable segmentGold = DeltaTable.at(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME);
    long consumed =
        Math.min(gold.appVersion(APP_ID), DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS).appVersion(APP_ID));
    // Its own progress: a warehouse older than this table builds it from all of silver without re-merging the others.
    long segmentConsumed = segmentGold.appVersion(APP_ID);
    long latest = silver.version();
    long from = Math.min(consumed, segmentConsumed);
    if (latest <= from && !options.getRebuild()) {
      return run.nothingToDo("no silver version after " + from + " (silver is at " + latest + ")");
    }
    // A backlog of silver versions is taken in whole versions up to the batch budget. A rebuild, or a table's first
    // run, reads the live files of the latest version instead, which no budget can split.
    long silverVersion = latest;
    if (!options.getRebuild() && from >= 0) {
      BatchBudget.Versions batch = budget.take(silver, from, latest);
      silverVersion = batch.upTo;
      report.backlog(batch.rowsLeft);
    }
    report.note("gold rules: " + EnrichPointInTime.describe(ruleActions));
    boolean dailyBehind = options.getRebuild() || consumed < silverVersion;
    boolean segmentBehind = options.getRebuild() || segmentConsumed < silverVersion;
    // Incremental: the silver files added since gold's version and the gold rows of the dates they touch.
    boolean rebuild = options.getRebuild();
    List<DataFile> silverInput =
        dailyBehind ? IncrementalInputs.sourceFiles(silver, consumed, silverVersion, rebuild) : List.of();
    Set<String> touchedDates = IncrementalInputs.datesOf(silverInput);
    Map<String, List<String>> goldFilesByDate =
        dailyBehind ? IncrementalInputs.goldFilesOf(gold, touchedDates, rebuild) : Map.of();
    Plan plan = new Plan(silverInput.stream().map(silver::absolutePath).collect(Collectors.toList()), goldFilesByDate);
    if (dailyBehind) {
      report
          .count("silver versions processed", options.getRebuild() ? silverVersion + 1 : silverVersion - consumed)
          .count("dates recomputed", touchedDates.size())
          .count("silver files read", plan.silverFiles.size())
          .count("gold files merged into", goldFilesByDate.values().stream().mapToLong(List::size).sum());
      report.note((options.getRebuild() ? "rebuilt from all of silver: " : "dates updated: ")
          + (touchedDates.isEmpty() ? "none" : String.join(", ", touchedDates)));
    }

    List<DataFile> segmentInput = !segmentBehind ? List.of()
        : segmentConsumed == consumed ? silverInput
        : IncrementalInputs.sourceFiles(silver, segmentConsumed, silverVersion, rebuild);
    Set<String> segmentDates = IncrementalInputs.datesOf(segmentInput);
    SegmentPlan segmentPlan = segmentBehind
        ? segmentPlan(warehouse, silver, segmentInput, IncrementalInputs.goldFilesOf(segmentGold, segmentDates, rebuild),
            ruleActions,
            options.getRebuild())
        : null;
    if (segmentBehind) {
      report
          .count("segment dates recomputed", segmentDates.size())
          .count("segment gold files merged into", segmentPlan.goldFilesByDate.values().stream().mapToLong(List::size).sum())
          .count("account files read", segmentPlan.accountFiles.size())
          .count("customer files read", segmentPlan.customerFiles.size());
    }

    // A rebuild also moves the incremental progress to the version it read, so the next run merges from there.
    Map<String, Long> progress = options.getRebuild() ? Map.of(APP_ID, silverVersion) : Map.of();
    List<TableSpec> tables = new ArrayList<>();
    if (dailyBehind) {
      tables.addAll(List.of(Tables.GOLD_DAILY_TOP_USERS, Tables.GOLD_DAILY_USER_CURRENCY));
    }
    if (segmentBehind) {
      tables.add(Tables.GOLD_DAILY_SEGMENT_VOLUME);
    }
    PipelineResult result = run.runPipeline(tables,
        p -> build(p, options, dailyBehind ? plan : null, segmentPlan, run.runId()), SilverToGold.class,
        "silver_rows_read");
    long read = (dailyBehind ? silverInput : segmentInput).stream().mapToLong(DataFile::numRecords).sum(); // exact
    report.count("silver rows read", read).eventsIn(read);
    if (segmentBehind) {
      report
          .count("transactions of unknown accounts (" + EnrichPointInTime.ACCOUNT_KNOWN + "="
              + ruleActions.get(EnrichPointInTime.ACCOUNT_KNOWN) + ")",
              PipelineRuns.counter(result, EnrichPointInTime.class, EnrichPointInTime.ACCOUNT_KNOWN + "_broken"))
          .count("transactions of unknown customers (" + EnrichPointInTime.CUSTOMER_KNOWN + "="
              + ruleActions.get(EnrichPointInTime.CUSTOMER_KNOWN) + ")",
              PipelineRuns.counter(result, EnrichPointInTime.class, EnrichPointInTime.CUSTOMER_KNOWN + "_broken"))
          .count("transactions dropped by gold rules",
              PipelineRuns.counter(result, EnrichPointInTime.class, EnrichPointInTime.DROPPED_COUNTER));
    }

    // The tables replace the dates they touch under the same app version; daily_top_users derives from the first.
    TableCommits commits = run.commits(TableCommits.rowsWritten(result, tables.toArray(new TableSpec[0])));
    if (dailyBehind) {
      long appVersion = options.getRebuild() ? gold.appVersion(REBUILD_APP_ID) + 1 : silverVersion;
      commits
          .add(Tables.GOLD_DAILY_TOP_USERS, appVersion, touchedDates, progress)
          .add(Tables.GOLD_DAILY_USER_CURRENCY, appVersion, touchedDates, progress);
    }
    if (segmentBehind) {
      long appVersion = options.getRebuild() ? segmentGold.appVersion(REBUILD_APP_ID) + 1 : silverVersion;
      commits.add(Tables.GOLD_DAILY_SEGMENT_VOLUME, appVersion, segmentDates, progress);
    }
    commits.commit();
    return run.finish();
  }

  /** The gold rule actions {@code --goldRuleActions} gives, checked before any work. */
  static Map<String, RuleAction> checkedRuleActions(String spec) {
    try {
      return EnrichPointInTime.actions(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--goldRuleActions=" + spec + ": " + e.getMessage(), e);
    }
  }

  /**
   * The segment table's plan: besides its silver and gold files, the silver/accounts files that may hold the batch's
   * account ids (read from the new silver files' account_id column), then the silver/customers files that may hold
   * those accounts' owners (read from the account files' rows of those accounts); every live file for a rebuild.
   */
  private static SegmentPlan segmentPlan(String warehouse, DeltaTable silver, List<DataFile> silverInput,
      Map<String, List<String>> goldFilesByDate, Map<String, RuleAction> ruleActions, boolean rebuild) {
    DeltaTable accounts = DeltaTable.at(warehouse, Domains.ACCOUNTS.silver());
    DeltaTable customers = DeltaTable.at(warehouse, Domains.CUSTOMERS.silver());
    List<String> silverPaths = silverInput.stream().map(silver::absolutePath).collect(Collectors.toList());
    List<DataFile> accountFiles;
    List<DataFile> customerFiles;
    if (rebuild) {
      accountFiles = accounts.exists() ? accounts.liveFiles(null) : List.of();
      customerFiles = customers.exists() ? customers.liveFiles(null) : List.of();
    } else {
      Set<String> accountIds = new TreeSet<>();
      TableSnapshots.forEachRowOf(silverPaths, ReadTableFiles.projection(Tables.SILVER.avroSchema(), "account_id"),
          r -> accountIds.add(r.get("account_id").toString()));
      accountFiles = HistoryFiles.mayHold(accounts, Domains.ACCOUNTS.idColumn(), accountIds);
      Set<String> customerIds = new TreeSet<>();
      TableSnapshots.forEachRowOf(paths(accounts, accountFiles),
          ReadTableFiles.projection(Domains.ACCOUNTS.silver().avroSchema(), "account_id", "customer_id"), r -> {
            if (accountIds.contains(r.get("account_id").toString()) && r.get("customer_id") != null) {
              customerIds.add(r.get("customer_id").toString());
            }
          });
      customerFiles = HistoryFiles.mayHold(customers, Domains.CUSTOMERS.idColumn(), customerIds);
    }
    return new SegmentPlan(silverPaths, goldFilesByDate, paths(accounts, accountFiles), paths(customers, customerFiles),
        ruleActions);
  }

  private static List<String> paths(DeltaTable table, List<DataFile> files) {
    return files.stream().map(table::absolutePath).collect(Collectors.toList());
  }
}
