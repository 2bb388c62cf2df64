package dev.finpipe.pipelines.gold;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.Tables;
import dev.finpipe.model.EventDates;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.generate.GeneratorSettings;
import dev.finpipe.pipelines.generate.TransactionGenerator;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Gold merged batch by batch equals gold computed from all of silver: seeded random batches over overlapping dates
 * (so most keys are merged into existing rows), with duplicates, invalid and late records, and a batch that repeats
 * an earlier one whole (every id already committed). After each batch, both gold tables equal an aggregation of
 * silver computed here, independently of the pipeline's transforms; at the end {@code --rebuild} gives the same rows.
 */
public class IncrementalGoldTest {
  private static final int TOP_N = 3;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void goldMergedBatchByBatchEqualsAnIndependentAggregationOfSilverAndARebuild() throws IOException {
    Path input = tmp.newFolder("input").toPath();
    String warehouse = tmp.newFolder("warehouse").getAbsolutePath();
    RunMedallion.Options options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse,
        "--input=" + input + "/*.jsonl", "--topN=" + TOP_N).as(RunMedallion.Options.class);
    Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));

    for (int batch = 1; batch <= 4; batch++) {
      Path file = input.resolve("batch-" + batch + ".jsonl");
      if (batch == 4) {
        Files.copy(input.resolve("batch-2.jsonl"), file); // the same records again, under a new file
      } else {
        GeneratorSettings settings = GeneratorSettings.builder().setCount(250).setSeed(batch).setUsers(12).setDays(2)
            .setEnd(end.plus(Duration.ofDays(batch))).setDuplicateRate(0.1).setInvalidRate(0.05).setLateRate(0.05)
            .build();
        Files.write(file, TransactionGenerator.create(settings).stream().collect(Collectors.toList()));
      }
      int silverRowsBefore = TableSnapshots.rows(warehouse, Tables.SILVER).size();
      BronzeFromFiles.run(options);
      BronzeToSilver.run(options);
      RunReport gold = SilverToGold.run(options);

      assertEquals("batch " + batch, expectedDaily(warehouse), daily(warehouse));
      assertEquals("batch " + batch, expectedTop(warehouse), top(warehouse));
      if (batch == 4) {
        // Every id of the repeated batch is already committed: silver and gold stay as they were.
        assertEquals(silverRowsBefore, TableSnapshots.rows(warehouse, Tables.SILVER).size());
      } else if (batch > 1) {
        assertThat("batch " + batch + " merged into existing gold rows", gold.count("gold files merged into"), greaterThan(0L));
      }
    }
    List<String> incrementalDaily = daily(warehouse);
    List<String> incrementalTop = top(warehouse);

    RunReport rebuild = SilverToGold.run(PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
        "--warehouse=" + warehouse, "--topN=" + TOP_N, "--rebuild").as(SilverToGold.Options.class));

    assertEquals(0, rebuild.count("gold files merged into"));
    assertEquals(incrementalDaily, daily(warehouse));
    assertEquals(incrementalTop, top(warehouse));
    // The incremental progress moved to the version the rebuild read: a next run has nothing to do.
    assertThat(SilverToGold.run(options).render(), org.hamcrest.Matchers.containsString("nothing committed"));
  }

  @Test
  public void goldBehindSeveralSilverVersionsTakesThemInWholeVersionsUpToItsBudgetAndEndsEqualToAllOfSilver()
      throws IOException {
    Path input = tmp.newFolder("input-backlog").toPath();
    String warehouse = tmp.newFolder("warehouse-backlog").getAbsolutePath();
    RunMedallion.Options options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse,
        "--input=" + input + "/*.jsonl", "--topN=" + TOP_N, "--maxRecordsPerTrigger=1").as(RunMedallion.Options.class);
    Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
    for (int batch = 1; batch <= 4; batch++) {
      GeneratorSettings settings = GeneratorSettings.builder().setCount(60).setSeed(10 + batch).setUsers(6).setDays(2)
          .setEnd(end.plus(Duration.ofDays(batch))).setDuplicateRate(0.1).setInvalidRate(0.05).build();
      Files.write(input.resolve("batch-" + batch + ".jsonl"),
          TransactionGenerator.create(settings).stream().collect(Collectors.toList()));
      BronzeFromFiles.run(options);
      BronzeToSilver.run(options);
      if (batch == 1) {
        SilverToGold.run(options); // gold then stops while silver commits three more versions
      }
    }
    assertEquals(3, DeltaTable.at(warehouse, Tables.SILVER).version());

    List<RunReport> gold = TriggerLoop.run("gold", options, () -> SilverToGold.run(options));

    // A budget of one row takes one silver version a batch, and each batch leaves the rows of the versions after it.
    assertEquals(List.of(1L, 1L, 1L), gold.stream().map(r -> r.count("silver versions processed")).collect(Collectors.toList()));
    List<Long> rowsRead = gold.stream().map(r -> r.count("silver rows read")).collect(Collectors.toList());
    assertEquals(List.of(rowsRead.get(1) + rowsRead.get(2), rowsRead.get(2), 0L),
        gold.stream().map(RunReport::backlog).collect(Collectors.toList()));
    assertEquals(TableSnapshots.rows(warehouse, Tables.SILVER).size(),
        TableSnapshots.rows(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).stream()
            .mapToLong(r -> ((Number) r.get("tx_count")).longValue()).sum());
    assertEquals(expectedDaily(warehouse), daily(warehouse));
    assertEquals(expectedTop(warehouse), top(warehouse));
    assertEquals(3, DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).appVersion(SilverToGold.APP_ID));
  }

  private static BigDecimal amount(GenericRecord r, String column, int scale) {
    return AvroValues.decimal(r, column, scale);
  }

  /** Silver aggregated here: per event date, user and currency. */
  private static Map<String, BigDecimal[]> aggregateSilver(String warehouse) {
    Map<String, BigDecimal[]> stats = new TreeMap<>(); // count, total, min, max, approved, declined
    for (GenericRecord r : TableSnapshots.rows(warehouse, Tables.SILVER)) {
      String key = EventDates.utcDate(AvroValues.timestamp(r, "event_time")) + " " + r.get("user_id") + " " + r.get("currency");
      BigDecimal value = amount(r, "amount", Tables.AMOUNT_SCALE);
      BigDecimal[] s = stats.computeIfAbsent(key, k -> new BigDecimal[] {
          BigDecimal.ZERO, BigDecimal.ZERO, value, value, BigDecimal.ZERO, BigDecimal.ZERO});
      s[0] = s[0].add(BigDecimal.ONE);
      s[1] = s[1].add(value);
      s[2] = s[2].min(value);
      s[3] = s[3].max(value);
      s[4] = s[4].add("APPROVED".equals(r.get("status").toString()) ? BigDecimal.ONE : BigDecimal.ZERO);
      s[5] = s[5].add("DECLINED".equals(r.get("status").toString()) ? BigDecimal.ONE : BigDecimal.ZERO);
    }
    return stats;
  }

  private static String plain(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static List<String> expectedDaily(String warehouse) {
    List<String> rows = new ArrayList<>();
    aggregateSilver(warehouse).forEach((key, s) -> rows.add(key + " " + s[0] + " " + plain(s[1], 3) + " " + plain(s[2], 3)
        + " " + plain(s[3], 3) + " " + s[1].divide(s[0], 6, RoundingMode.HALF_EVEN).toPlainString() + " " + s[4] + " " + s[5]));
    rows.sort(null);
    return rows;
  }

  private static List<String> expectedTop(String warehouse) {
    Map<String, List<String[]>> byDateCurrency = new TreeMap<>();
    aggregateSilver(warehouse).forEach((key, s) -> {
      String[] k = key.split(" ");
      byDateCurrency.computeIfAbsent(k[0] + " " + k[2], d -> new ArrayList<>())
          .add(new String[] {k[1], plain(s[1], 3), s[0].toPlainString()});
    });
    List<String> rows = new ArrayList<>();
    byDateCurrency.forEach((dateCurrency, users) -> {
      users.sort(Comparator.<String[], BigDecimal>comparing(u -> new BigDecimal(u[1])).reversed()
          .thenComparing(u -> u[0]));
      for (int rank = 1; rank <= Math.min(TOP_N, users.size()); rank++) {
        String[] u = users.get(rank - 1);
        rows.add(dateCurrency + " " + rank + " " + u[0] + " " + u[1] + " " + u[2]);
      }
    });
    rows.sort(null);
    return rows;
  }

  private static List<String> daily(String warehouse) {
    List<String> rows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_DAILY_USER_CURRENCY, (date, r) -> rows.add(date + " "
        + r.get("user_id") + " " + r.get("currency") + " " + r.get("tx_count") + " "
        + amount(r, "total_amount", 3).toPlainString() + " " + amount(r, "min_amount", 3).toPlainString() + " "
        + amount(r, "max_amount", 3).toPlainString() + " " + amount(r, "avg_amount", 6).toPlainString() + " "
        + r.get("approved_count") + " " + r.get("declined_count")));
    rows.sort(null);
    return rows;
  }

  private static List<String> top(String warehouse) {
    List<String> rows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_DAILY_TOP_USERS, (date, r) -> rows.add(date + " "
        + r.get("currency") + " " + r.get("rank") + " " + r.get("user_id") + " "
        + amount(r, "total_amount", 3).toPlainString() + " " + r.get("tx_count")));
    rows.sort(null);
    return rows;
  }
}
