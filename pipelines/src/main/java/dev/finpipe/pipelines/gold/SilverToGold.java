package dev.finpipe.pipelines.gold;

import dev.finpipe.aggregate.AggregateDaily;
import dev.finpipe.aggregate.RankTopUsers;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.CountElements;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.GoldRows;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.io.SilverRows;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.SchemaCoders;
import dev.finpipe.model.Transaction;
import dev.finpipe.options.GoldOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.ContinuousOptions;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.TableCommits;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Silver to gold, incrementally: aggregates only the silver files committed since gold last ran, merges those
 * partial aggregates into the existing {@code daily_user_currency} rows of the dates they touch, re-ranks
 * {@code daily_top_users} from the merged rows, and replaces those dates' partitions of both tables atomically, once
 * per silver version. A batch so costs what it adds plus the gold rows of its dates, never all of silver.
 * {@code --rebuild} ({@code make gold-rebuild}) recomputes every date from all of silver instead.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.gold.SilverToGold \
 *   -Dexec.args="--runner=SparkRunner --warehouse=data/dev --topN=10"
 * }</pre>
 */
public final class SilverToGold {
  /** Both gold tables commit under this app id, versioned by the silver version consumed. */
  public static final String APP_ID = "finpipe-gold";

  /** A full recompute commits under this app id, and moves {@link #APP_ID}'s progress to the silver version read. */
  public static final String REBUILD_APP_ID = "finpipe-gold-rebuild";

  /** Options of the gold stage. */
  public interface Options extends WarehouseOptions, GoldOptions, RunOptions, ContinuousOptions {
    @Description("Recompute every date of gold from all of silver (make gold-rebuild) instead of merging the silver "
        + "versions committed since gold last ran into gold.")
    @Default.Boolean(false)
    boolean getRebuild();

    void setRebuild(boolean rebuild);
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

  private SilverToGold() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> TriggerLoop.run("gold", options,
        AutoCompact.after(Warehouses.normalize(options.getWarehouse()), options.getAutoCompact(), () -> run(options))), options);
  }

  /** Aggregates the plan's silver files, merged into its gold rows, into this run's gold files. */
  public static void build(Pipeline pipeline, Options options, Plan plan, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    PCollection<Transaction> silver =
        pipeline
            .apply("ReadSilver", ReadTableFiles.of(plan.silverFiles, SilverRows::fromRecord, SchemaCoders.of(pipeline, Transaction.class)))
            .apply("CountRead", CountElements.as(SilverToGold.class, "silver_rows_read"));
    AggregateDaily aggregate = AggregateDaily.perUserAndCurrency();
    if (!plan.goldFilesByDate.isEmpty()) {
      aggregate = aggregate.mergingInto(readGold(pipeline, plan.goldFilesByDate));
    }
    PCollection<DailyUserCurrency> daily = silver.apply("AggregateDaily", aggregate);
    daily.apply(
        "WriteDailyUserCurrency",
        WriteTableFiles.of(new GoldRows.DailyUserCurrencyRows()).to(warehouse).forRun(runId));
    daily
        .apply("RankTopUsers", RankTopUsers.top(options.getTopN()))
        .apply("WriteDailyTopUsers", WriteTableFiles.of(new GoldRows.UserRankRows()).to(warehouse).forRun(runId));
  }

  /** The current daily_user_currency rows of the given dates, each date's files read with its date. */
  private static PCollection<DailyUserCurrency> readGold(Pipeline pipeline, Map<String, List<String>> filesByDate) {
    PCollectionList<DailyUserCurrency> rows = PCollectionList.empty(pipeline);
    for (Map.Entry<String, List<String>> date : filesByDate.entrySet()) {
      rows = rows.and(pipeline.apply("ReadGold-" + date.getKey(), ReadTableFiles.of(date.getValue(),
          GoldRows.DailyUserCurrencyRows.fromRecordOf(date.getKey()), SchemaCoders.of(pipeline, DailyUserCurrency.class))));
    }
    return rows.apply("GoldOfTouchedDates", Flatten.pCollections());
  }

  public static RunReport run(Options options) {
    long start = System.currentTimeMillis();
    if (options.getTopN() < 1) {
      throw new IllegalArgumentException("--topN=" + options.getTopN() + " must be at least 1");
    }
    String warehouse = Warehouses.normalize(options.getWarehouse());
    String runId = RunIds.next("gold");
    RunReport report = new RunReport("gold", runId, options.getRunner().getSimpleName());
    FileSystems.setDefaultPipelineOptions(options);
    // Runs of either kind decided before a crash are finished first; this run commits through its own kind's journal.
    CommitJournal incremental = CommitJournal.recover(warehouse, APP_ID, report);
    CommitJournal rebuild = CommitJournal.recover(warehouse, REBUILD_APP_ID, report);

    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    DeltaTable gold = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    long consumed =
        Math.min(gold.appVersion(APP_ID), DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS).appVersion(APP_ID));
    long silverVersion = silver.version();
    if (silverVersion <= consumed && !options.getRebuild()) {
      return report
          .note("no silver version after " + consumed + " (silver is at " + silverVersion + "); nothing committed")
          .elapsedMillis(System.currentTimeMillis() - start);
    }
    // Incremental: the silver files added since gold's version and the gold rows of the dates they touch. Gold at
    // version `consumed` aggregates all of silver up to it, and silver only ever appends, so merging the two is the
    // aggregate of all of silver now.
    List<DataFile> silverInput =
        options.getRebuild() ? silver.liveFiles(null) : silver.filesAddedBetween(consumed, silverVersion);
    Set<String> touchedDates =
        silverInput.stream().map(DataFile::partitionValue).collect(Collectors.toCollection(TreeSet::new));
    Map<String, List<String>> goldFilesByDate = new TreeMap<>();
    if (!options.getRebuild()) {
      for (DataFile file : gold.liveFiles(touchedDates)) {
        goldFilesByDate.computeIfAbsent(file.partitionValue(), d -> new ArrayList<>()).add(gold.absolutePath(file));
      }
    } else {
      gold.liveFiles(null).forEach(f -> touchedDates.add(f.partitionValue())); // a date silver no longer has empties
    }
    Plan plan = new Plan(silverInput.stream().map(silver::absolutePath).collect(Collectors.toList()), goldFilesByDate);
    report
        .count("silver versions processed", options.getRebuild() ? silverVersion + 1 : silverVersion - consumed)
        .count("dates recomputed", touchedDates.size())
        .count("silver files read", plan.silverFiles.size())
        .count("gold files merged into", goldFilesByDate.values().stream().mapToLong(List::size).sum());
    report.note((options.getRebuild() ? "rebuilt from all of silver: " : "dates updated: ")
        + (touchedDates.isEmpty() ? "none" : String.join(", ", touchedDates)));

    CommitJournal journal = options.getRebuild() ? rebuild : incremental;
    long appVersion = options.getRebuild() ? gold.appVersion(REBUILD_APP_ID) + 1 : silverVersion;
    // A rebuild also moves the incremental progress to the version it read, so the next run merges from there.
    Map<String, Long> progress = options.getRebuild() ? Map.of(APP_ID, silverVersion) : Map.of();
    journal.started(runId, List.of(Tables.GOLD_DAILY_TOP_USERS, Tables.GOLD_DAILY_USER_CURRENCY));
    Pipeline pipeline = Pipeline.create(options);
    PipelineRuns.configure(options);
    build(pipeline, options, plan, runId);
    PipelineResult result = PipelineRuns.runToCompletion(pipeline, "gold", SilverToGold.class, "silver_rows_read");
    long read = silverInput.stream().mapToLong(DataFile::numRecords).sum(); // exact, unlike a counter
    report.count("silver rows read", read).eventsIn(read);

    // Both tables replace the same dates under the same app version; daily_top_users derives from the first.
    TableCommits.stage(journal, runId, report,
            TableCommits.rowsWritten(result, Tables.GOLD_DAILY_TOP_USERS, Tables.GOLD_DAILY_USER_CURRENCY))
        .add(Tables.GOLD_DAILY_TOP_USERS, appVersion, touchedDates, progress)
        .add(Tables.GOLD_DAILY_USER_CURRENCY, appVersion, touchedDates, progress)
        .commit();
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }
}
