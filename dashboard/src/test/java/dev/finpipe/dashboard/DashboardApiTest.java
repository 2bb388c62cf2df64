package dev.finpipe.dashboard;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.delta.TableVersion;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The JSON API over a warehouse built by the real stages, every figure checked against the tables' rows read with
 * the project's own Avro readers (not DuckDB); bad requests; a missing and an empty warehouse; and that serving
 * changes no file of the warehouse.
 */
public class DashboardApiTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** Long enough for the whole suite to run after the fixture's last commit. */
  static final Duration BEHIND_AFTER = Duration.ofHours(2);

  private static DemoWarehouse demo;
  private static DashboardServer server;
  private static String url;

  @BeforeClass
  public static void startServer() {
    demo = DemoWarehouse.get();
    server = start(demo.warehouse);
    url = server.url();
  }

  @AfterClass
  public static void stopServer() {
    server.close();
  }

  static DashboardServer start(String warehouse) {
    return DashboardServer.start(
        WarehouseView.at(warehouse),
        new DashboardServer.Settings("127.0.0.1", 0, BEHIND_AFTER, Duration.ofMillis(500)),
        Clock.systemUTC());
  }

  static Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }

  private static JsonNode ok(String path) {
    Http.Response r = Http.get(url, path);
    assertEquals(path + ": " + r.body(), 200, r.status());
    assertThat(r.contentType(), startsWith("application/json"));
    return r.json();
  }

  @Test
  public void versionListsEveryTableAtItsDeltaVersion() {
    JsonNode v = ok("/api/version");
    assertTrue(v.get("exists").asBoolean());
    assertTrue(v.get("message").isNull());
    for (TableSpec spec : Domains.allTables()) {
      assertEquals(spec.path(), demo.version(spec), v.get("versions").get(spec.path()).asLong());
    }
    assertEquals(Domains.allTables().size(), v.get("versions").size());
    assertThat("the customers' history is there", v.get("versions").get("silver/customers").asLong(), greaterThan(-1L));
  }

  @Test
  public void dailyCountsPerCurrencyEqualSilverRecounted() {
    Map<String, Long> api = new TreeMap<>();
    ok("/api/business/daily").get("rows").forEach(r -> api.put(r.get("date").asText() + " " + r.get("currency").asText(),
        r.get("tx_count").asLong()));
    Map<String, Long> expected = new TreeMap<>();
    demo.silverCountsPerDateAndCurrency().forEach((k, v) -> expected.put(k, v[0]));
    assertThat(expected.size(), greaterThan(5));
    assertEquals(expected, api);
  }

  @Test
  public void dailyVolumeIsTheExactSumOfSilverAmounts() {
    Map<String, BigDecimal> expected = new TreeMap<>();
    demo.silverTotalsPerDateCurrencyUser().forEach((k, v) -> expected.merge(k.substring(0, k.lastIndexOf(' ')), v, BigDecimal::add));
    Map<String, BigDecimal> api = new TreeMap<>();
    ok("/api/business/daily").get("rows").forEach(r -> api.put(r.get("date").asText() + " " + r.get("currency").asText(),
        new BigDecimal(r.get("total_amount").asText())));
    assertEquals(expected, api);
    // Exact decimal text with the table's scale, never a float.
    ok("/api/business/daily").get("rows").forEach(r -> assertTrue(r.get("total_amount").isTextual()));
  }

  @Test
  public void topUsersOfEachDateAndCurrencyAreSilverRankedAgain() {
    Map<String, BigDecimal> totals = demo.silverTotalsPerDateCurrencyUser();
    JsonNode first = ok("/api/business/top");
    int checked = 0;
    for (JsonNode date : first.get("dates")) {
      for (JsonNode currency : ok("/api/business/top?date=" + date.asText()).get("currencies")) {
        JsonNode top = ok("/api/business/top?date=" + date.asText() + "&currency=" + currency.asText() + "&limit=3");
        assertEquals(date.asText(), top.get("date").asText());
        String prefix = date.asText() + " " + currency.asText() + " ";
        BigDecimal best = totals.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
            .map(Map.Entry::getValue).max(BigDecimal::compareTo).orElseThrow();
        JsonNode rank1 = top.get("rows").get(0);
        assertEquals(1, rank1.get("rank").asInt());
        assertEquals(prefix, 0, best.compareTo(new BigDecimal(rank1.get("total_amount").asText())));
        assertEquals(best, totals.get(prefix + rank1.get("user_id").asText()));
        assertTrue(top.get("rows").size() <= 3);
        checked++;
      }
    }
    assertThat(checked, greaterThan(5));
  }

  @Test
  public void topUsersDefaultToTheLatestDate() {
    JsonNode top = ok("/api/business/top");
    String latest = demo.rowsByPartition(Tables.GOLD_DAILY_TOP_USERS).keySet().stream().max(String::compareTo).orElseThrow();
    assertEquals(latest, top.get("date").asText());
    assertThat(top.get("rows").size(), greaterThan(0));
  }

  @Test
  public void segmentVolumeIsGoldSummedPerSegmentAndAccountType() {
    JsonNode seg = ok("/api/business/segments");
    Map<String, List<BigDecimal>> api = new TreeMap<>();
    seg.get("rows").forEach(r -> api.put(r.get("segment").asText() + " " + r.get("account_type").asText() + " "
        + r.get("currency").asText(), List.of(new BigDecimal(r.get("tx_count").asText()),
        new BigDecimal(r.get("total_amount").asText()), new BigDecimal(r.get("approved_count").asText()),
        new BigDecimal(r.get("declined_count").asText()))));
    Map<String, List<BigDecimal>> expected = demo.segmentTotals();
    assertEquals(expected.keySet(), api.keySet());
    expected.forEach((k, sums) -> {
      for (int i = 0; i < sums.size(); i++) {
        assertEquals(k + " column " + i, 0, sums.get(i).compareTo(api.get(k).get(i)));
      }
    });
    // Every silver transaction is in the table once (unknown accounts under UNKNOWN, the rules WARN by default), and
    // the generated customers give it real segments.
    long transactions = stream(seg.get("rows")).mapToLong(r -> r.get("tx_count").asLong()).sum();
    assertEquals(demo.rows(Tables.SILVER).size(), transactions);
    assertThat(seg.get("segments").toString(), containsString("RETAIL"));
    long perDay = stream(seg.get("daily")).mapToLong(r -> r.get("tx_count").asLong()).sum();
    assertEquals(transactions, perDay);
  }

  @Test
  public void qualityOfAChangeDomainCountsItsVersionsAndItsQuarantine() {
    Domain<?> customers = Domains.CUSTOMERS;
    Map<String, Long> versionsPerDay = new TreeMap<>();
    demo.rows(customers.silver()).forEach(r -> versionsPerDay.merge(
        java.time.Instant.EPOCH.plus((Long) r.get("updated_at"), java.time.temporal.ChronoUnit.MICROS)
            .atZone(java.time.ZoneOffset.UTC).toLocalDate().toString(), 1L, Long::sum));
    Map<String, Long> api = new TreeMap<>();
    ok("/api/quality/daily?domain=customers").get("rows").forEach(r -> {
      if (r.get("silver").asLong() > 0) {
        api.put(r.get("date").asText(), r.get("silver").asLong());
      }
    });
    assertThat(versionsPerDay.size(), greaterThan(1));
    assertEquals(versionsPerDay, api);
    Map<String, Long> reasons = new TreeMap<>();
    ok("/api/quality/reasons?domain=customers").get("reasons").forEach(r -> reasons.put(
        r.get("stage").asText() + " " + r.get("reason").asText(), r.get("records").asLong()));
    Map<String, Long> expected = demo.quarantinePerStageAndReason(customers.quarantine());
    assertThat(expected.size(), greaterThan(1));
    assertEquals(expected, reasons);
    JsonNode sample = ok("/api/quality/sample?domain=customers&limit=200");
    assertEquals("customer_id", sample.get("idColumn").asText());
    assertEquals(demo.rows(customers.quarantine()).size(), sample.get("rows").size());
  }

  @Test
  public void quarantinePerStageAndReasonEqualsTheTable() {
    Map<String, Long> api = new TreeMap<>();
    ok("/api/quality/reasons").get("reasons").forEach(r -> api.put(r.get("stage").asText() + " " + r.get("reason").asText(),
        r.get("records").asLong()));
    Map<String, Long> expected = demo.quarantinePerStageAndReason();
    assertTrue(expected.toString(), expected.containsKey("LATE LATE"));
    assertTrue(expected.toString(), expected.containsKey("VALIDATE transaction_id_format"));
    assertEquals(expected, api);
  }

  @Test
  public void recordsPerDaySplitSilverQuarantinedDuplicatesAndLate() throws IOException {
    Map<String, String> expected = new TreeMap<>();
    Map<String, long[]> counts = new TreeMap<>();
    demo.rowsByPartition(Tables.SILVER).forEach((d, rows) -> counts.computeIfAbsent(d, k -> new long[4])[0] += rows.size());
    demo.rowsByPartition(Tables.QUARANTINE).forEach((d, rows) -> rows.forEach(r ->
        counts.computeIfAbsent(d, k -> new long[4])["LATE".equals(r.get("stage").toString()) ? 2 : 1]++));
    Map<String, Long> duplicates = demo.duplicatesPerDate();
    assertThat("the demo has duplicates on several days", duplicates.size(), greaterThan(1));
    duplicates.forEach((d, n) -> counts.computeIfAbsent(d, k -> new long[4])[3] = n);
    counts.forEach((d, c) -> expected.put(d, c[0] + "/" + c[1] + "/" + c[2] + "/" + c[3]));
    JsonNode daily = ok("/api/quality/daily");
    Map<String, String> api = new TreeMap<>();
    daily.get("rows").forEach(r -> api.put(r.get("date").asText(), r.get("silver").asLong() + "/"
        + r.get("quarantined").asLong() + "/" + r.get("late").asLong() + "/" + r.get("duplicates").asLong()));
    assertEquals(expected, api);
    assertThat(daily.get("duplicatesNote").asText(), containsString("commit metrics"));
  }

  @Test
  public void ruleFailureRatesAreFailuresOverRecordsValidatedThatDay() throws IOException {
    Map<String, DayCounts> byDay = new TreeMap<>();
    demo.rowsByPartition(Tables.SILVER).forEach((d, rows) -> byDay.computeIfAbsent(d, k -> new DayCounts()).validated += rows.size());
    demo.duplicatesPerDate().forEach((d, n) -> byDay.computeIfAbsent(d, k -> new DayCounts()).validated += n);
    demo.rowsByPartition(Tables.QUARANTINE).forEach((d, rows) -> rows.forEach(r -> {
      String stage = r.get("stage").toString();
      if (stage.equals("VALIDATE") || stage.equals("LATE")) {
        byDay.computeIfAbsent(d, k -> new DayCounts()).validated++;
      }
      if (stage.equals("VALIDATE")) {
        for (String rule : r.get("reasons").toString().split(",")) {
          byDay.get(d).failures.merge(rule, 1L, Long::sum);
        }
      }
    }));
    int checked = 0;
    for (JsonNode r : ok("/api/quality/rules").get("rows")) {
      DayCounts day = byDay.get(r.get("event_date").asText());
      long failures = day.failures.get(r.get("rule").asText());
      assertEquals(failures, r.get("failures").asLong());
      assertEquals(day.validated, r.get("validated").asLong());
      assertEquals((double) failures / day.validated, r.get("rate").asDouble(), 1e-12);
      checked++;
    }
    assertEquals(byDay.values().stream().mapToInt(d -> d.failures.size()).sum(), checked);
  }

  private static final class DayCounts {
    long validated;
    final Map<String, Long> failures = new TreeMap<>();
  }

  @Test
  public void sampleFiltersByStageAndReasonAndKeepsPayloadsAndCoordinates() {
    Map<String, GenericRecord> bySource = new TreeMap<>();
    demo.rows(Tables.QUARANTINE).forEach(r -> bySource.put(r.get("source") + "#" + r.get("source_offset"), r));
    JsonNode all = ok("/api/quality/sample?limit=200");
    assertEquals(Math.min(200, bySource.size()), all.get("rows").size());
    for (JsonNode row : all.get("rows")) {
      GenericRecord r = bySource.get(row.get("source").asText() + "#" + row.get("source_offset").asLong());
      assertEquals(r.get("payload").toString(), row.get("payload").asText());
      assertEquals(r.get("reasons").toString(), row.get("reasons").asText());
    }
    JsonNode late = ok("/api/quality/sample?stage=LATE&limit=200");
    assertEquals(demo.quarantined(true), late.get("rows").size());
    late.get("rows").forEach(r -> assertEquals("LATE", r.get("stage").asText()));
    JsonNode html = ok("/api/quality/sample?stage=VALIDATE&reason=transaction_id_format");
    assertEquals(demo.quarantinePerStageAndReason().get("VALIDATE transaction_id_format").intValue(), html.get("rows").size());
    assertTrue(html.toString(), stream(html.get("rows"))
        .anyMatch(r -> r.get("payload").asText().contains(DemoWarehouse.HTML_ID)));
    assertEquals(2, ok("/api/quality/sample?limit=2").get("rows").size());
  }

  @Test
  public void healthShowsEveryVersionOfEveryLogWithItsMetrics() {
    JsonNode h = ok("/api/health");
    int commits = 0;
    for (TableSpec spec : Domains.allTables()) {
      DeltaTable table = DeltaTable.at(demo.warehouse, spec);
      JsonNode t = stream(h.get("tables"))
          .filter(n -> n.get("table").asText().equals(spec.path())).findFirst().orElseThrow();
      assertEquals(table.version(), t.get("version").asLong());
      assertEquals(table.liveFiles(null).size(), t.get("files").asInt());
      assertEquals(demo.rows(spec).size(), t.get("rows").asLong());
      assertTrue(t.get("lastCompaction").isNull()); // the stages only WRITE
      for (TableVersion version : table.history()) {
        commits++;
        boolean found = false;
        for (JsonNode run : h.get("runs")) {
          if (run.get("table").asText().equals(spec.path()) && run.get("version").asLong() == version.version()) {
            assertEquals(version.operationMetrics().get("stage"), run.get("stage").asText());
            assertEquals(Long.parseLong(version.operationMetrics().get("numOutputRows")), run.get("rows").asLong());
            assertThat(run.get("secondsToCommit").asDouble(), greaterThan(0.0));
            found = true;
          }
        }
        assertTrue(spec.path() + " v" + version.version(), found);
      }
    }
    assertEquals(commits, h.get("runs").size());
    Map<String, Boolean> stages = new TreeMap<>();
    h.get("stages").forEach(s -> stages.put(s.get("stage").asText(), s.get("behind").asBoolean()));
    assertEquals(Map.of("bronze customers", false, "silver customers", false, "bronze accounts", false,
        "silver accounts", false, "bronze", false, "silver", false, "gold", false), stages);
    Map<String, Long> pending = new TreeMap<>();
    h.get("stages").forEach(s -> {
      if (s.has("pendingVersions")) {
        pending.put(s.get("stage").asText(), s.get("pendingVersions").asLong());
      }
    });
    assertEquals(
        Map.of(
            "silver customers", demo.version(Domains.CUSTOMERS.bronze())
                - consumed(Domains.CUSTOMERS.silver(), "finpipe-silver-customers"),
            "silver accounts", demo.version(Domains.ACCOUNTS.bronze())
                - consumed(Domains.ACCOUNTS.silver(), "finpipe-silver-accounts"),
            "silver", demo.version(Tables.BRONZE) - consumed(Tables.SILVER, "finpipe-silver"),
            "gold", demo.version(Tables.SILVER) - consumed(Tables.GOLD_DAILY_USER_CURRENCY, "finpipe-gold")),
        pending);
    assertEquals(0, h.get("kafka").get("partitions").size()); // this warehouse's bronze ingested files
  }

  /** The upstream version a stage last recorded in its own table's log. */
  private static long consumed(TableSpec own, String appId) {
    List<TableVersion> history = DeltaTable.at(demo.warehouse, own).history();
    for (int i = history.size() - 1; i >= 0; i--) {
      Long v = history.get(i).appVersions().get(appId);
      if (v != null) {
        return v;
      }
    }
    return -1;
  }

  @Test
  public void aStageIsBehindOnceItsLastCommitIsOlderThanTheThreshold() {
    try (DashboardServer strict =
        DashboardServer.start(WarehouseView.at(demo.warehouse),
            new DashboardServer.Settings("127.0.0.1", 0, BEHIND_AFTER, Duration.ofSeconds(2)),
            Clock.offset(Clock.systemUTC(), BEHIND_AFTER.plusHours(1)))) {
      JsonNode h = Http.get(strict.url(), "/api/health").json();
      h.get("stages").forEach(s -> assertTrue(s.toString(), s.get("behind").asBoolean()));
      assertEquals(7, h.get("stages").size()); // bronze and silver of customers, accounts, transactions; gold
    }
  }

  /** Bronze from Kafka records next offsets per partition in its commits; a log written here has two such commits. */
  @Test
  public void kafkaOffsetsAreTheLatestPerPartitionFromBronzesLog() throws IOException {
    String warehouse = tmp.newFolder("kafka-warehouse").getAbsolutePath();
    DeltaTable bronze = DeltaTable.at(warehouse, Tables.BRONZE);
    long[][] offsets = {{120, 80}, {200, 80}};
    for (int run = 0; run < offsets.length; run++) {
      bronze.commit(
          TableCommit.builder()
              .setAppId("finpipe-bronze-kafka:transactions")
              .setAppVersion(run + 1)
              .setAdds(List.of())
              .setReplacePartitions(Set.of())
              .setProgress(Map.of("kafka:transactions/0", offsets[run][0], "kafka:transactions/1", offsets[run][1]))
              .setMetrics(Map.of("runId", "bronze-20261201T10000" + run + "Z-abcdef", "stage", "bronze",
                  "numOutputRows", "0", "numFiles", "0"))
              .build());
    }
    try (DashboardServer s = start(warehouse)) {
      JsonNode kafka = Http.get(s.url(), "/api/health").json().get("kafka");
      Map<String, Long> latest = new TreeMap<>();
      kafka.get("partitions").forEach(p -> latest.put(p.get("partition").asText(), p.get("nextOffset").asLong()));
      assertEquals(Map.of("transactions/0", 200L, "transactions/1", 80L), latest);
      assertEquals(4, kafka.get("commits").size());
      assertEquals(List.of(0L, 0L, 1L, 1L), stream(kafka.get("commits")).map(c -> c.get("version").asLong()).sorted().toList());
    }
  }

  @Test
  public void opsSaysWhichOpsTablesAreNotThereYet() {
    JsonNode o = ok("/api/ops");
    assertThat(o.get("incidentsMessage").asText(), startsWith("No gold/incidents yet"));
    assertThat(o.get("alertsMessage").asText(), startsWith("No ops/alerts yet"));
    for (String list : List.of("incidents", "open", "kpis", "alerts", "services")) {
      assertEquals(list, 0, o.get(list).size());
    }
  }

  @Test
  public void opsShowsTheIncidentsKpisAndAlertsTheTablesHold() {
    OpsWarehouse ops = OpsWarehouse.get();
    try (DashboardServer s = start(ops.warehouse)) {
      JsonNode o = Http.get(s.url(), "/api/ops").json();
      assertTrue(o.get("incidentsMessage").isNull());
      assertTrue(o.get("alertsMessage").isNull());
      Map<String, String> expected = new TreeMap<>();
      for (GenericRecord r : ops.rows(Tables.GOLD_INCIDENTS)) {
        expected.put(r.get("incident_id").toString(), r.get("status") + " " + r.get("rule") + " "
            + micros(r.get("started_at")) + " " + (r.get("resolved_at") == null ? "-" : micros(r.get("resolved_at"))));
      }
      assertThat("the episodes gave incidents", expected.size(), greaterThan(2));
      Map<String, String> shown = new TreeMap<>();
      o.get("incidents").forEach(r -> shown.put(r.get("incident_id").asText(), r.get("status").asText() + " "
          + r.get("rule").asText() + " " + r.get("started_at").asText() + " "
          + (r.get("resolved_at").isNull() ? "-" : r.get("resolved_at").asText())));
      assertEquals(expected, shown);
      long open = expected.values().stream().filter(v -> v.startsWith("OPEN ")).count();
      assertThat("one episode is still open", open, greaterThan(0L));
      assertEquals(open, o.get("open").size());

      Map<String, String> kpis = new TreeMap<>();
      for (GenericRecord r : ops.rows(Tables.GOLD_OPS_KPIS_DAILY)) {
        kpis.put(r.get("service") + " " + r.get("incidents_opened"), r.get("incidents_resolved") + " "
            + r.get("mttd_median_s") + " " + r.get("mttr_p90_s"));
      }
      Map<String, String> kpisShown = new TreeMap<>();
      o.get("kpis").forEach(r -> kpisShown.put(r.get("service").asText() + " " + r.get("incidents_opened").asLong(),
          r.get("incidents_resolved").asLong() + " " + r.get("mttd_median_s").asDouble() + " "
          + (r.get("mttr_p90_s").isNull() ? "null" : Double.toString(r.get("mttr_p90_s").asDouble()))));
      assertEquals(kpis, kpisShown);

      // Every incident was alerted once when opened, and once more when it resolved; all delivered.
      Map<String, String> alerts = new TreeMap<>();
      o.get("alerts").forEach(a -> alerts.put(a.get("alert_key").asText(), a.get("status").asText()));
      Map<String, String> expectedAlerts = new TreeMap<>();
      expected.forEach((id, v) -> {
        expectedAlerts.put("incident_opened|" + id, "DELIVERED");
        if (v.startsWith("RESOLVED ")) {
          expectedAlerts.put("incident_resolved|" + id, "DELIVERED");
        }
      });
      assertEquals(expectedAlerts, alerts);

      String service = o.get("services").get(0).asText();
      JsonNode one = Http.get(s.url(), "/api/ops?service=" + service).json();
      stream(one.get("incidents")).forEach(r -> assertEquals(service, r.get("service").asText()));
      assertEquals(expected.keySet().stream().filter(id -> id.startsWith(service + "|")).count(),
          one.get("incidents").size());
      assertEquals(400, Http.get(s.url(), "/api/ops?service=..%2Fetc").status());
    }
  }

  private static String micros(Object value) {
    return java.time.Instant.EPOCH.plus((Long) value, java.time.temporal.ChronoUnit.MICROS).toString();
  }

  @Test
  public void tableEndpointListsTheLiveFiles() {
    JsonNode t = ok("/api/tables/silver/transactions");
    assertEquals(DeltaTable.at(demo.warehouse, Tables.SILVER).liveFiles(null).size(), t.get("files").size());
    assertEquals(demo.rows(Tables.SILVER).size(), t.get("rows").asLong());
  }

  @Test
  public void badRequestsGetA4xxWithAClearMessage() {
    assertError("/api/tables/silver/nope", 404, "unknown table \"silver/nope\"; tables are: bronze/customers, silver/customers");
    assertError("/api/tables/..%2F..%2Fetc/passwd", 404, "unknown table");
    assertError("/api/business/top?date=2026-13-45", 400, "date=2026-13-45 is not a date: use YYYY-MM-DD");
    assertError("/api/business/top?date=..%2F..%2Fetc%2Fpasswd", 400, "is not a date");
    assertError("/api/business/top?currency=pen", 400, "currency=pen is not valid: expected three capital letters");
    assertError("/api/business/top?currency=..%2F..", 400, "currency=../.. is not valid");
    assertError("/api/business/top?limit=0", 400, "limit=0 is not a number from 1 to 100");
    assertError("/api/quality/daily?domain=..%2Fetc", 400, "domain=../etc is not valid: expected one of customers, accounts");
    assertError("/api/quality/sample?stage=DROP", 400, "stage=DROP is not valid: expected one of INGEST, PARSE");
    assertError("/api/quality/sample?reason=..%2Fx", 400, "reason=../x is not valid");
    assertError("/api/quality/sample?reason=x%27%20OR%201%3D1", 400, "is not valid");
    assertError("/api/quality/daily?table=..%2F..%2Fetc", 400, "unknown parameter \"table\" for /api/quality/daily");
    assertError("/api/nothing", 404, "no such endpoint /api/nothing");
    for (String path : new String[] {"/static/..%2F..%2Fpom.xml", "/static/%2e%2e/%2e%2e/pom.xml",
        "/webjars/..%2F..%2F..%2Fetc%2Fpasswd", "/static/../../../etc/passwd"}) {
      Http.Response r = Http.get(url, path);
      assertTrue(path + " -> " + r.status(), r.status() >= 400 && r.status() < 500);
      assertFalse(path, r.body().contains("root:") || r.body().contains("<modelVersion>"));
    }
  }

  private static void assertError(String path, int status, String message) {
    Http.Response r = Http.get(url, path);
    assertEquals(path + ": " + r.body(), status, r.status());
    assertEquals(status, r.json().get("status").asInt());
    assertThat(path, r.json().get("error").asText(), containsString(message));
  }

  @Test
  public void aMissingWarehouseIsSaidPlainlyAndNotCreated() throws IOException {
    File missing = new File(tmp.getRoot(), "no-such-warehouse");
    try (DashboardServer s = start(missing.getPath())) {
      JsonNode v = Http.get(s.url(), "/api/version").json();
      assertFalse(v.get("exists").asBoolean());
      assertThat(v.get("message").asText(), startsWith("No warehouse at " + missing.getAbsolutePath() + ". Build one with `make demo`"));
      for (String path : new String[] {"/api/business/daily", "/api/business/top", "/api/quality/daily",
          "/api/quality/reasons", "/api/quality/rules", "/api/quality/sample", "/api/health", "/api/ops"}) {
        assertEquals(path, 200, Http.get(s.url(), path).status());
      }
      assertEquals(0, Http.get(s.url(), "/api/business/daily").json().get("rows").size());
    }
    assertFalse(missing.exists());
  }

  @Test
  public void anEmptyWarehouseSaysItHasNoTables() throws IOException {
    File empty = tmp.newFolder("empty");
    try (DashboardServer s = start(empty.getPath())) {
      JsonNode v = Http.get(s.url(), "/api/version").json();
      assertTrue(v.get("exists").asBoolean());
      assertThat(v.get("message").asText(), containsString("has no tables yet"));
      assertEquals(0, Http.get(s.url(), "/api/health").json().get("runs").size());
    }
    try (Stream<Path> files = Files.walk(empty.toPath())) {
      assertEquals(1, files.count()); // only the folder itself: reading created nothing
    }
  }

  @Test
  public void servingChangesNoFileOfTheWarehouse() throws IOException {
    Map<String, String> before = listing(Path.of(demo.warehouse));
    for (String path : new String[] {"/api/version", "/api/business/daily", "/api/business/top", "/api/quality/daily",
        "/api/quality/reasons", "/api/quality/rules", "/api/quality/sample", "/api/health", "/api/ops",
        "/api/tables/bronze/transactions"}) {
      ok(path);
    }
    assertEquals(before, listing(Path.of(demo.warehouse)));
  }

  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return out;
  }

  @Test
  public void pagesAndScriptsAreServedFromTheAppItself() {
    for (String page : DashboardServer.PAGES) {
      Http.Response r = Http.get(url, "/" + page);
      assertEquals(200, r.status());
      assertThat(r.body(), containsString("/webjars/echarts/5.3.1/dist/echarts.min.js"));
      assertFalse(page, r.body().contains("http://") || r.body().contains("https://"));
    }
    assertEquals(200, Http.get(url, "/webjars/echarts/5.3.1/dist/echarts.min.js").status());
    assertEquals(200, Http.get(url, "/static/app.js").status());
  }
}
