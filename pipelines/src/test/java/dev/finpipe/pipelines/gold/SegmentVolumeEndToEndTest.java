package dev.finpipe.pipelines.gold;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.PipelineRuns.RunFailedException;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gold/daily_segment_volume} end to end on the DirectRunner: customers, accounts and transactions through
 * bronze and silver, then gold, compared row for row with an aggregation computed here from the input lines (the
 * latest change of an account, then of its owner, at or before each transaction, an account's DELETE ending it).
 * Customer C-1 moves from RETAIL to PREMIUM at 10:00 on 11-20, account A-1 moves from C-1 to C-2 at 12:00 the same
 * day (transactions exactly at both instants), A-2's owner C-3 never arrives, A-3 is deleted before its transaction,
 * A-9 never exists.
 */
public class SegmentVolumeEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private String warehouse;
  private String config;

  /** customer_id, segment, updated_at. */
  private static final String[][] CUSTOMERS = {
      {"C-1", "RETAIL", "2026-11-01T00:00:00Z"},
      {"C-1", "PREMIUM", "2026-11-20T10:00:00Z"},
      {"C-2", "SME", "2026-11-01T00:00:00Z"}};
  /** account_id, op, customer_id, account_type, updated_at. */
  private static final String[][] ACCOUNTS = {
      {"A-1", "UPSERT", "C-1", "SAVINGS", "2026-11-01T00:00:00Z"},
      {"A-1", "UPSERT", "C-2", "CHECKING", "2026-11-20T12:00:00Z"},
      {"A-2", "UPSERT", "C-3", "CREDIT_CARD", "2026-11-01T00:00:00Z"},
      {"A-3", "UPSERT", "C-1", "LOAN", "2026-11-01T00:00:00Z"},
      {"A-3", "DELETE", null, null, "2026-11-10T00:00:00Z"}};
  /** transaction_id, account_id, amount, currency, status, event_time. */
  private static final String[][] BATCH_1 = {
      {"t-1", "A-1", "10.00", "PEN", "APPROVED", "2026-11-20T09:00:00Z"},
      {"t-2", "A-1", "20.5", "PEN", "DECLINED", "2026-11-20T10:00:00Z"},
      {"t-3", "A-1", "30", "PEN", "APPROVED", "2026-11-20T12:00:00Z"},
      {"t-4", "A-2", "5.25", "PEN", "APPROVED", "2026-11-20T13:00:00Z"},
      {"t-5", "A-3", "7", "PEN", "APPROVED", "2026-11-20T14:00:00Z"},
      {"t-6", "A-1", "1.5", "USD", "APPROVED", "2026-11-21T08:00:00Z"}};
  /** A change of C-2 that arrives after the transactions it applies to were aggregated. */
  private static final String[][] LATE_CUSTOMERS = {{"C-2", "CORPORATE", "2026-11-21T00:00:00Z"}};
  private static final String[][] CUSTOMERS_WITH_LATE = {CUSTOMERS[0], CUSTOMERS[1], CUSTOMERS[2], LATE_CUSTOMERS[0]};
  /** Touches 11-21 (merged into its rows) and 11-22 (new), not 11-20. */
  private static final String[][] BATCH_2 = {
      {"t-7", "A-1", "2", "PEN", "APPROVED", "2026-11-21T09:00:00Z"},
      {"t-8", "A-9", "3", "PEN", "DECLINED", "2026-11-22T01:00:00Z"},
      {"t-9", "A-1", "4.5", "USD", "DECLINED", "2026-11-21T10:00:00Z"}};

  @Before
  public void setUp() throws IOException {
    input = tmp.newFolder("input").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
    config = tmp.newFolder("domains").getAbsolutePath();
    Files.createDirectories(input.resolve("customers"));
    Files.createDirectories(input.resolve("accounts"));
    Files.createDirectories(input.resolve("transactions"));
    writeCustomers("customers.jsonl", CUSTOMERS);
    List<String> accounts = new ArrayList<>();
    for (String[] a : ACCOUNTS) {
      accounts.add(a[1].equals("DELETE")
          ? "{\"account_id\":\"" + a[0] + "\",\"op\":\"DELETE\",\"updated_at\":\"" + a[4] + "\"}"
          : "{\"account_id\":\"" + a[0] + "\",\"customer_id\":\"" + a[2] + "\",\"account_type\":\"" + a[3]
              + "\",\"currency\":\"PEN\",\"status\":\"ACTIVE\",\"opened_at\":\"2026-10-01T00:00:00Z\","
              + "\"op\":\"UPSERT\",\"updated_at\":\"" + a[4] + "\"}");
    }
    Files.write(input.resolve("accounts/accounts.jsonl"), accounts);
  }

  private void writeCustomers(String file, String[][] changes) throws IOException {
    List<String> customers = new ArrayList<>();
    for (String[] c : changes) {
      customers.add("{\"customer_id\":\"" + c[0] + "\",\"document_type\":\"DNI\",\"document_id\":\"4471\","
          + "\"full_name\":\"Ana Soto\",\"segment\":\"" + c[1] + "\",\"status\":\"ACTIVE\",\"country\":\"PE\","
          + "\"op\":\"UPSERT\",\"updated_at\":\"" + c[2] + "\"}");
    }
    Files.write(input.resolve("customers/" + file), customers);
  }

  /** The runner's flags: the DirectRunner, or the SparkRunner in {@link #theSparkRunnerJoinsTheSameVersions}. */
  private List<String> runner = List.of("--runner=DirectRunner");

  private RunMedallion.Options options(String domain, String... extra) {
    List<String> args = new ArrayList<>(runner);
    args.addAll(List.of("--warehouse=" + warehouse,
        "--domainConfig=" + config, "--domain=" + domain, "--input=" + input + "/" + domain + "/*.jsonl"));
    args.addAll(List.of(extra));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(RunMedallion.Options.class);
  }

  private void writeTransactions(String file, String[][] transactions) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String[] t : transactions) {
      lines.add("{\"transaction_id\":\"" + t[0] + "\",\"account_id\":\"" + t[1] + "\",\"user_id\":\"U-1\","
          + "\"amount\":\"" + t[2] + "\",\"currency\":\"" + t[3] + "\",\"type\":\"PURCHASE\",\"status\":\"" + t[4]
          + "\",\"channel\":\"MOBILE\",\"merchant\":\"Tambo\",\"country\":\"PE\",\"event_time\":\"" + t[5] + "\"}");
    }
    Files.write(input.resolve("transactions/" + file), lines);
  }

  /** Bronze and silver of every domain, dimensions first. */
  private void bronzeAndSilver() {
    for (String domain : List.of("customers", "accounts", "transactions")) {
      BronzeFromFiles.run(options(domain));
      BronzeToSilver.run(options(domain));
    }
  }

  /** The latest change of {@code id} (column 0) at or before {@code time}, or null. */
  private static String[] latestAt(String[][] changes, String id, Instant time, int updatedAt) {
    String[] latest = null;
    for (String[] c : changes) {
      Instant at = Instant.parse(c[updatedAt]);
      if (c[0].equals(id) && !at.isAfter(time) && (latest == null || at.isAfter(Instant.parse(latest[updatedAt])))) {
        latest = c;
      }
    }
    return latest;
  }

  /** The expected table, computed from the input lines: date segment account_type currency count total approved declined. */
  private static List<String> expected(String[][] customers, boolean dropUnknown, String[][]... batches) {
    Map<String, BigDecimal[]> sums = new TreeMap<>();
    for (String[][] batch : batches) {
      for (String[] t : batch) {
        Instant time = Instant.parse(t[5]);
        String[] account = latestAt(ACCOUNTS, t[1], time, 4);
        boolean knownAccount = account != null && account[1].equals("UPSERT");
        String[] customer = knownAccount ? latestAt(customers, account[2], time, 2) : null;
        if (dropUnknown && customer == null) {
          continue;
        }
        String key = t[5].substring(0, 10) + " " + (customer == null ? "UNKNOWN" : customer[1]) + " "
            + (knownAccount ? account[3] : "UNKNOWN") + " " + t[3];
        BigDecimal[] s = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO});
        s[0] = s[0].add(BigDecimal.ONE);
        s[1] = s[1].add(new BigDecimal(t[2]));
        s[2] = s[2].add(t[4].equals("APPROVED") ? BigDecimal.ONE : BigDecimal.ZERO);
        s[3] = s[3].add(t[4].equals("DECLINED") ? BigDecimal.ONE : BigDecimal.ZERO);
      }
    }
    List<String> rows = new ArrayList<>();
    sums.forEach((key, s) -> rows.add(key + " " + s[0] + " " + s[1].setScale(3).toPlainString() + " " + s[2] + " " + s[3]));
    return rows;
  }

  private List<String> segmentVolume() {
    List<String> rows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME, (date, r) -> rows.add(date + " "
        + r.get("segment") + " " + r.get("account_type") + " " + r.get("currency") + " " + r.get("tx_count") + " "
        + AvroValues.decimal(r, "total_amount", 3).toPlainString() + " " + r.get("approved_count") + " "
        + r.get("declined_count")));
    rows.sort(null);
    return rows;
  }

  private Set<String> liveFilesOf(String date) {
    return DeltaTable.at(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME).liveFiles(Set.of(date)).stream()
        .map(DataFile::relativePath).collect(Collectors.toSet());
  }

  /** How many live files of the table at {@code path} hold a row of one of {@code ids}, by reading them all. */
  private long filesHolding(String path, String column, Set<String> ids) {
    DeltaTable table = DeltaTable.at(warehouse, dev.finpipe.domain.Domains.tableByPath(path));
    long holding = 0;
    for (DataFile file : table.liveFiles(null)) {
      boolean[] holds = {false};
      TableSnapshots.forEachRowOf(List.of(table.absolutePath(file)), null,
          r -> holds[0] |= ids.contains(r.get(column).toString()));
      holding += holds[0] ? 1 : 0;
    }
    return holding;
  }

  @Test
  public void segmentVolumeJoinsTheVersionsValidAtEachTransactionAndMergesBatchesIncrementally() throws IOException {
    writeTransactions("batch-1.jsonl", BATCH_1);
    bronzeAndSilver();

    RunReport first = SilverToGold.run(options("transactions"));

    assertEquals(expected(CUSTOMERS, false, BATCH_1), segmentVolume());
    // The literal rows the point-in-time join must give (the computation above must agree with them too).
    assertEquals(List.of(
        "2026-11-20 PREMIUM SAVINGS PEN 1 20.500 0 1",
        "2026-11-20 RETAIL SAVINGS PEN 1 10.000 1 0",
        "2026-11-20 SME CHECKING PEN 1 30.000 1 0",
        "2026-11-20 UNKNOWN CREDIT_CARD PEN 1 5.250 1 0",
        "2026-11-20 UNKNOWN UNKNOWN PEN 1 7.000 1 0",
        "2026-11-21 SME CHECKING USD 1 1.500 1 0"), segmentVolume());
    assertEquals(1, first.count("transactions of unknown accounts (account_known=WARN)"));
    assertEquals(1, first.count("transactions of unknown customers (customer_known=WARN)"));
    assertEquals(0, first.count("transactions dropped by gold rules"));
    assertThat(first.render(), containsString("gold rules: account_known=WARN, customer_known=WARN"));
    long version = DeltaTable.at(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME).version();

    RunReport again = SilverToGold.run(options("transactions"));

    assertThat(again.render(), containsString("nothing committed"));
    assertEquals(version, DeltaTable.at(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME).version());

    Set<String> untouched = liveFilesOf("2026-11-20");
    writeTransactions("batch-2.jsonl", BATCH_2);
    BronzeFromFiles.run(options("transactions"));
    BronzeToSilver.run(options("transactions"));
    RunReport second = SilverToGold.run(options("transactions"));

    assertEquals(expected(CUSTOMERS, false, BATCH_1, BATCH_2), segmentVolume());
    assertEquals(2, second.count("segment dates recomputed"));
    assertEquals(1, second.count("segment gold files merged into")); // 11-21's; 11-22 is new
    assertEquals(untouched, liveFilesOf("2026-11-20")); // a date the batch does not touch keeps its files
    assertEquals(version + 1, DeltaTable.at(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME).version());
    // Only the accounts files that hold the batch's accounts (A-9 has none: its bucket's ids do not span it).
    assertEquals(filesHolding("silver/accounts", "account_id", Set.of("A-1", "A-9")), second.count("account files read"));
    assertEquals(filesHolding("silver/customers", "customer_id", Set.of("C-1", "C-2")), second.count("customer files read"));

    // A late customer change does not re-attribute transactions already in gold; a rebuild does.
    List<String> beforeLate = segmentVolume();
    writeCustomers("late.jsonl", LATE_CUSTOMERS);
    BronzeFromFiles.run(options("customers"));
    BronzeToSilver.run(options("customers"));
    assertThat(SilverToGold.run(options("transactions")).render(), containsString("nothing committed"));
    assertEquals(beforeLate, segmentVolume());

    RunReport rebuild = SilverToGold.run(PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
        "--warehouse=" + warehouse, "--rebuild").as(SilverToGold.Options.class));

    assertEquals(0, rebuild.count("segment gold files merged into"));
    assertEquals(expected(CUSTOMERS_WITH_LATE, false, BATCH_1, BATCH_2), segmentVolume());
    assertThat(segmentVolume(), org.hamcrest.Matchers.hasItem("2026-11-21 CORPORATE CHECKING USD 2 6.000 1 1"));
  }

  @Test
  public void theSparkRunnerJoinsTheSameVersions() throws IOException {
    runner = List.of("--runner=SparkRunner", "--sparkMaster=local[2]", "--enableSparkMetricSinks=false");
    writeTransactions("batch-1.jsonl", BATCH_1);
    bronzeAndSilver();
    SilverToGold.run(options("transactions"));
    assertEquals(expected(CUSTOMERS, false, BATCH_1), segmentVolume());
  }

  @Test
  public void failRuleCommitsNothingAndDropRulesLeaveUnknownsOut() throws IOException {
    writeTransactions("batch-1.jsonl", BATCH_1);
    bronzeAndSilver();

    IllegalArgumentException quarantine = assertThrows(IllegalArgumentException.class,
        () -> SilverToGold.run(options("transactions", "--goldRuleActions=account_known=QUARANTINE")));
    assertThat(quarantine.getMessage(), containsString("--goldRuleActions=account_known=QUARANTINE"));
    assertThat(quarantine.getMessage(), containsString("gold has no quarantine"));

    RunFailedException failure = assertThrows(RunFailedException.class,
        () -> SilverToGold.run(options("transactions", "--goldRuleActions=account_known=FAIL")));
    assertThat(failure.getMessage(), containsString("FAIL rule account_known broken: transaction t-5"));
    for (var spec : List.of(Tables.GOLD_DAILY_SEGMENT_VOLUME, Tables.GOLD_DAILY_USER_CURRENCY, Tables.GOLD_DAILY_TOP_USERS)) {
      assertFalse(spec.path(), DeltaTable.at(warehouse, spec).exists());
    }

    RunReport dropped = SilverToGold.run(
        options("transactions", "--goldRuleActions=account_known=DROP,customer_known=DROP"));

    assertEquals(expected(CUSTOMERS, true, BATCH_1), segmentVolume());
    assertEquals(2, dropped.count("transactions dropped by gold rules"));
    assertEquals(1, dropped.count("transactions of unknown accounts (account_known=DROP)"));

    // A warehouse whose gold predates the table: the table is built from all of silver, the others are left alone.
    long dailyVersion = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).version();
    try (var paths = Files.walk(Path.of(warehouse, Tables.GOLD_DAILY_SEGMENT_VOLUME.path()))) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }

    RunReport upgrade = SilverToGold.run(options("transactions"));

    assertEquals(expected(CUSTOMERS, false, BATCH_1), segmentVolume());
    assertEquals(dailyVersion, DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).version());
    assertEquals(0, upgrade.count("dates recomputed"));
    assertEquals(2, upgrade.count("segment dates recomputed"));
  }
}
