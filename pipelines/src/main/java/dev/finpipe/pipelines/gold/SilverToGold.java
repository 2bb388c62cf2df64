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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.values.PCollection;

/**
 * Silver to gold: recomputes the gold partitions of every date that silver versions committed since gold last ran
 * touched.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.gold.SilverToGold \
 *   -Dexec.args="--runner=SparkRunner --warehouse=data/dev --topN=10"
 * }</pre>
 */
public final class SilverToGold {
  /** Both gold tables commit under this app id, versioned by the silver version consumed. */
  public static final String APP_ID = "finpipe-gold";

  /** Options of the gold stage. */
  public interface Options extends WarehouseOptions, GoldOptions, RunOptions, ContinuousOptions {}

  private SilverToGold() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> TriggerLoop.run("gold", options, () -> run(options)), options);
  }

  /** Aggregates the given silver files (all of silver for the touched dates) into this run's gold files. */
  public static void build(Pipeline pipeline, Options options, List<String> silverFiles, String runId) {
    String warehouse = Warehouses.normalize(options.getWarehouse());
    PCollection<Transaction> silver =
        pipeline
            .apply("ReadSilver", ReadTableFiles.of(silverFiles, SilverRows::fromRecord, SchemaCoders.of(pipeline, Transaction.class)))
            .apply("CountRead", CountElements.as(SilverToGold.class, "silver_rows_read"));
    PCollection<DailyUserCurrency> daily = silver.apply("AggregateDaily", AggregateDaily.perUserAndCurrency());
    daily.apply(
        "WriteDailyUserCurrency",
        WriteTableFiles.of(new GoldRows.DailyUserCurrencyRows()).to(warehouse).forRun(runId));
    daily
        .apply("RankTopUsers", RankTopUsers.top(options.getTopN()))
        .apply("WriteDailyTopUsers", WriteTableFiles.of(new GoldRows.UserRankRows()).to(warehouse).forRun(runId));
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
    CommitJournal journal = CommitJournal.recover(warehouse, APP_ID, report);

    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    DeltaTable gold = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    long consumed =
        Math.min(gold.appVersion(APP_ID), DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS).appVersion(APP_ID));
    long silverVersion = silver.version();
    if (silverVersion <= consumed) {
      return report
          .note("no silver version after " + consumed + " (silver is at " + silverVersion + "); nothing committed")
          .elapsedMillis(System.currentTimeMillis() - start);
    }
    Set<String> touchedDates =
        silver.filesAddedBetween(consumed, silverVersion).stream()
            .map(DataFile::partitionValue)
            .collect(Collectors.toCollection(TreeSet::new));
    List<DataFile> silverInput = silver.liveFiles(touchedDates);
    List<String> silverFiles = silverInput.stream().map(silver::absolutePath).collect(Collectors.toList());
    report
        .count("silver versions processed", silverVersion - consumed)
        .count("dates recomputed", touchedDates.size())
        .count("silver files read", silverFiles.size());
    report.note("dates recomputed: " + (touchedDates.isEmpty() ? "none" : String.join(", ", touchedDates)));

    journal.started(runId, List.of(Tables.GOLD_DAILY_TOP_USERS, Tables.GOLD_DAILY_USER_CURRENCY));
    Pipeline pipeline = Pipeline.create(options);
    PipelineRuns.configure(options);
    build(pipeline, options, silverFiles, runId);
    PipelineResult result = PipelineRuns.runToCompletion(pipeline, "gold", SilverToGold.class, "silver_rows_read");
    long read = silverInput.stream().mapToLong(DataFile::numRecords).sum(); // exact, unlike a counter
    report.count("silver rows read", read).eventsIn(read);

    // Both tables replace the same dates under the same app version; daily_top_users derives from the first.
    TableCommits.stage(journal, runId, report,
            TableCommits.rowsWritten(result, Tables.GOLD_DAILY_TOP_USERS, Tables.GOLD_DAILY_USER_CURRENCY))
        .add(Tables.GOLD_DAILY_TOP_USERS, silverVersion, touchedDates, Map.of())
        .add(Tables.GOLD_DAILY_USER_CURRENCY, silverVersion, touchedDates, Map.of())
        .commit();
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }
}
