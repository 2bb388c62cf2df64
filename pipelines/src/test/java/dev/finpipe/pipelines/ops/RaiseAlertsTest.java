package dev.finpipe.pipelines.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.SilverCommitMetrics;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.CommitJournal;
import dev.finpipe.pipelines.common.CrashPoints;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageFailures;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.maintenance.Optimize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The alerts' outbox against a loopback receiver that fails on purpose: every kind raised exactly when due, each
 * alert delivered and recorded, retries (5xx, 429 with Retry-After, timeouts) and no retry of a refusal, a crash
 * between sending and recording resent with the same key and processed once by the deduping receiver, nothing sent
 * twice by a re-run, and no secret in the table, the report or the errors.
 */
public class RaiseAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
  private static final String TOKEN = "s3cr3t-token-value";
  private static final String SECRET_PATH = "/hooks/T000/B000/xoxsecretpath";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private LoopbackSink sink;
  private String warehouse;
  private final List<Duration> pauses = new ArrayList<>();

  @Before
  public void setUp() throws IOException {
    sink = new LoopbackSink(4000);
    warehouse = tmp.newFolder("wh").getAbsolutePath();
  }

  @After
  public void tearDown() {
    sink.close();
    CrashPoints.arm(null);
  }

  // --- fixtures -------------------------------------------------------------------------------------------------

  private Path config(String routes, String thresholds) throws IOException {
    Path file = tmp.getRoot().toPath().resolve("alerts.yaml");
    Files.writeString(file, String.join("\n",
        "sinks:",
        "  - {name: hook, type: webhook, urlEnv: HOOK_URL, tokenEnv: HOOK_TOKEN}",
        "  - {name: chat, type: slack, urlEnv: CHAT_URL}",
        routes,
        thresholds,
        "freshnessTables: [silver/app_logs]",
        "delivery: {attempts: 4, initialBackoff: 100ms, maxBackoff: 1s, timeout: 2s}",
        ""));
    return file;
  }

  private Path defaultConfig() throws IOException {
    return config("routes: {incident_opened: [hook, chat], incident_resolved: [hook], stage_failed: [hook, chat], "
        + "quarantine_rate: [hook], freshness_lag: [hook]}", "thresholds: {quarantineRate: 0.05, freshnessLag: 15m}");
  }

  private Map<String, String> env() {
    return Map.of("HOOK_URL", sink.url("/hook"), "HOOK_TOKEN", TOKEN, "CHAT_URL", sink.url(SECRET_PATH));
  }

  private AlertsConfig read(Path file) {
    return AlertsConfig.read(file, env()::get);
  }

  private RunReport run(AlertsConfig config) {
    return RaiseAlerts.run(warehouse, config, Clock.fixed(NOW, ZoneOffset.UTC), pauses::add);
  }

  /** A row of {@code spec}: the given values, every other column a plain value of its type (null where nullable). */
  private static GenericRecord row(TableSpec spec, Map<String, Object> values) {
    GenericRecord r = new GenericData.Record(spec.avroSchema());
    for (TableSpec.Column c : spec.columns()) {
      Object v = values.containsKey(c.name()) ? values.get(c.name()) : c.nullable() ? null : plain(c.type());
      r.put(c.name(), v instanceof Instant ? Alert.micros((Instant) v) : v);
    }
    return r;
  }

  private static Object plain(TableSpec.Type type) {
    switch (type) {
      case INT:
        return 0;
      case LONG:
        return 0L;
      case DOUBLE:
        return 0.0;
      case BOOLEAN:
        return false;
      case TIMESTAMP:
        return 0L;
      default:
        return "x";
    }
  }

  /** Commits {@code rows} (may be none) to {@code spec} as one version of {@code appId}, with {@code metrics}. */
  private void commit(TableSpec spec, String partition, List<GenericRecord> rows, String appId, long appVersion,
      Map<String, String> metrics) throws IOException {
    String runId = RunIds.next("fixture");
    if (!rows.isEmpty()) {
      org.apache.hadoop.fs.Path target = Optimize.outputPath(warehouse, spec, partition, runId, 0);
      try (ParquetWriter<GenericRecord> w = Optimize.writer(target, spec.avroSchema(), HadoopConfigurations.create())) {
        for (GenericRecord r : rows) {
          w.write(r);
        }
      }
    }
    DeltaTable.at(warehouse, spec).commit(TableCommit.builder().setAppId(appId).setAppVersion(appVersion)
        .setAdds(RunFiles.find(warehouse, spec, runId)).setMetrics(metrics).build());
  }

  private static GenericRecord incident(String id, String status, Instant resolvedAt) {
    Map<String, Object> v = new HashMap<>();
    v.put("incident_id", id);
    v.put("service", id.split("\\|")[0]);
    v.put("rule", id.split("\\|")[1]);
    v.put("severity", "major");
    v.put("signal", "error_ratio");
    v.put("threshold", 0.05);
    v.put("started_at", Instant.parse(id.split("\\|")[2]));
    v.put("detected_at", Instant.parse(id.split("\\|")[2]).plusSeconds(180));
    v.put("resolved_at", resolvedAt);
    v.put("last_breach_at", Instant.parse(id.split("\\|")[2]).plusSeconds(240));
    v.put("peak_value", 0.2);
    v.put("peak_at", Instant.parse(id.split("\\|")[2]).plusSeconds(60));
    v.put("breach_minutes", 5L);
    v.put("status", status);
    return row(Tables.GOLD_INCIDENTS, v);
  }

  private static final String OPEN_ID = "api|error_ratio_high|2026-12-02T05:00:00Z";
  private static final String RESOLVED_ID = "db|error_ratio_high|2026-12-02T04:00:00Z";

  /**
   * One of each: an open and a resolved incident; silver/app_logs versions quarantining 10% (due), 5% (at the
   * threshold: not due) and one without figures; its newest event 20 minutes old (due at 15m); a failed run.
   */
  private void everyKind() throws IOException {
    commit(Tables.GOLD_INCIDENTS, "2026-12-02",
        List.of(incident(OPEN_ID, "OPEN", null), incident(RESOLVED_ID, "RESOLVED", Instant.parse("2026-12-02T04:10:00Z"))),
        "fixture-incidents", 1, Map.of());
    TableSpec logs = Domains.tableByPath("silver/app_logs");
    commit(logs, "2026-12-02", List.of(row(logs, Map.of("event_time", Instant.parse("2026-12-02T05:40:30Z")))),
        "finpipe-silver-app_logs", 1, SilverCommitMetrics.books(100, 10));
    commit(logs, "2026-12-02", List.of(row(logs, Map.of("event_time", Instant.parse("2026-12-02T05:30:00Z")))),
        "finpipe-silver-app_logs", 2, SilverCommitMetrics.books(40, 2));
    commit(logs, "2026-12-02", List.of(), "finpipe-silver-app_logs", 3, Map.of());
    StageFailures.record(warehouse, "finpipe-gold", "gold-20261202T055900Z-abcdef", "books do not balance");
  }

  private static final List<String> EVERY_KIND_KEYS = List.of(
      "incident_opened|" + OPEN_ID,
      "incident_opened|" + RESOLVED_ID,
      "incident_resolved|" + RESOLVED_ID,
      "stage_failed|finpipe-gold|gold-20261202T055900Z-abcdef",
      "quarantine_rate|app_logs|0",
      "freshness_lag|silver/app_logs|2026-12-02T05:40:00Z");

  private Map<String, GenericRecord> alertRows() {
    Map<String, GenericRecord> rows = new TreeMap<>();
    if (DeltaTable.at(warehouse, Tables.OPS_ALERTS).exists()) {
      TableSnapshots.forEachRow(warehouse, Tables.OPS_ALERTS, (d, r) -> {
        // partitioned by the UTC date of raised_at (the real clock's in the tests that run silver)
        long micros = (Long) r.get("raised_at");
        assertEquals(Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atZone(ZoneOffset.UTC).toLocalDate().toString(), d);
        rows.put(r.get("alert_key").toString(), r);
      });
    }
    return rows;
  }

  private Map<String, Long> receiptsPerKey() {
    return sink.receipts().stream().collect(Collectors.groupingBy(LoopbackSink.Receipt::key, TreeMap::new, Collectors.counting()));
  }

  // --- tests ----------------------------------------------------------------------------------------------------

  @Test
  public void eachKindIsRaisedWhenDueDeliveredWithRetriesAndRecorded() throws IOException {
    everyKind();
    sink.script("incident_opened|" + OPEN_ID, 500, 429) // two retried answers, the second with Retry-After: 2
        .script("quarantine_rate|app_logs|0", LoopbackSink.TIMEOUT); // answered after the client's 2 s timeout
    RunReport report = run(read(defaultConfig()));

    Map<String, GenericRecord> rows = alertRows();
    assertEquals(new TreeSet<>(EVERY_KIND_KEYS), rows.keySet());
    // The quarantine versions: 10 of 100 is above 5%, 2 of 40 (5%) is not, version 2 has no figures.
    assertEquals(2L, new AlertsTable(warehouse).progress(DueAlerts.quarantineProgress(Domains.byName("app_logs"))));
    Map<String, String> routes = Map.of("incident_opened", "hook,chat", "incident_resolved", "hook",
        "stage_failed", "hook,chat", "quarantine_rate", "hook", "freshness_lag", "hook");
    for (GenericRecord r : rows.values()) {
      String key = r.get("alert_key").toString();
      assertEquals(key, "DELIVERED", r.get("status").toString());
      assertEquals(key, key.split("\\|")[0], r.get("kind").toString());
      assertEquals(key, routes.get(r.get("kind").toString()), r.get("sinks").toString());
      assertEquals(key, r.get("sinks").toString(), r.get("delivered_to").toString());
      assertEquals(key, Alert.micros(NOW), r.get("raised_at"));
      assertEquals(key, Alert.micros(NOW), r.get("delivered_at"));
      assertEquals(key, null, r.get("last_error"));
      // attempts is every request made for the alert, as the receiver counted them
      assertEquals(key, (long) receiptsPerKey().get(key), r.get("attempts"));
    }
    Map<String, Long> expectedRequests = new TreeMap<>();
    EVERY_KIND_KEYS.forEach(k -> expectedRequests.put(k, (long) routes.get(k.split("\\|")[0]).split(",").length));
    expectedRequests.merge("incident_opened|" + OPEN_ID, 2L, Long::sum); // 500, 429, then 200 at hook; chat once
    expectedRequests.merge("quarantine_rate|app_logs|0", 1L, Long::sum); // the timed-out request, then 200
    assertEquals(expectedRequests, receiptsPerKey());
    // The backoff: 100 ms after the 500, then Retry-After 2 s capped at maxBackoff 1 s; 100 ms after the timeout.
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(100)), pauses);
    EVERY_KIND_KEYS.forEach(k -> assertEquals(k, Integer.valueOf(1), sink.processed().get(k)));
    assertEquals(6, report.count("alerts raised"));
    assertEquals(6, report.count("alerts delivered"));
    assertEquals(0, report.count("alerts failed (retried next run)"));
    assertTrue(StageFailures.list(warehouse).isEmpty());

    // Every request: the key in the header and the body; the webhook's token; Slack's {"text": ...} format.
    for (LoopbackSink.Receipt r : sink.receipts()) {
      JsonNode body = JSON.readTree(r.body());
      if (r.path().equals("/hook")) {
        assertEquals("Bearer " + TOKEN, r.authorization());
        assertEquals(r.key(), body.get("idempotency_key").asText());
        assertEquals(r.key().split("\\|")[0], body.get("kind").asText());
      } else {
        assertEquals(SECRET_PATH, r.path());
        assertEquals(null, r.authorization());
        assertEquals(1, body.size());
        assertTrue(body.get("text").asText(), body.get("text").asText().endsWith("(alert " + r.key() + ")"));
      }
    }

    // A re-run with nothing new sends nothing and commits nothing.
    long version = DeltaTable.at(warehouse, Tables.OPS_ALERTS).version();
    int requests = sink.receipts().size();
    RunReport again = run(read(defaultConfig()));
    assertEquals(requests, sink.receipts().size());
    assertEquals(0, again.count("alerts raised"));
    // Due again: the incidents and the lag (state that still holds); not the quarantine version (read up to) nor the
    // failure (its record removed once it was an alert): the keys, not those shortcuts, keep them from repeating.
    assertEquals(4, again.count("alerts due, already recorded"));
    assertEquals(version, DeltaTable.at(warehouse, Tables.OPS_ALERTS).version());
  }

  @Test
  public void crashBetweenSendingAndRecordingResendsTheSameKeysWhichTheReceiverProcessesOnce() throws IOException {
    everyKind();
    CrashPoints.arm("alerts-after-send");
    assertThrows(CrashPoints.SimulatedCrash.class, () -> run(read(defaultConfig())));
    // Sent, but recorded only as PENDING: the crash came before the outcome's commit.
    Map<String, GenericRecord> pending = alertRows();
    assertEquals(new TreeSet<>(EVERY_KIND_KEYS), pending.keySet());
    pending.values().forEach(r -> assertEquals("PENDING", r.get("status").toString()));
    Map<String, Long> firstSend = receiptsPerKey();

    RunReport rerun = run(read(defaultConfig()));
    assertEquals(0, rerun.count("alerts raised"));
    assertEquals(6, rerun.count("alerts delivered"));
    // The raw receipts: every request sent again, with the same key.
    Map<String, Long> twice = new TreeMap<>();
    firstSend.forEach((k, n) -> twice.put(k, 2 * n));
    assertEquals(twice, receiptsPerKey());
    // The receiver dedupes by the key: accepted twice per sink, processed once.
    EVERY_KIND_KEYS.forEach(k -> {
      assertEquals(k, Integer.valueOf((int) (long) twice.get(k)), sink.accepted().get(k));
      assertEquals(k, Integer.valueOf(1), sink.processed().get(k));
    });
    alertRows().values().forEach(r -> assertEquals("DELIVERED", r.get("status").toString()));

    int requests = sink.receipts().size();
    run(read(defaultConfig()));
    assertEquals(requests, sink.receipts().size());
  }

  @Test
  public void crashAfterRecordingPendingSendsEachAlertOnceOnTheNextRun() throws IOException {
    everyKind();
    CrashPoints.arm("alerts-after-raise");
    assertThrows(CrashPoints.SimulatedCrash.class, () -> run(read(defaultConfig())));
    assertTrue(sink.receipts().isEmpty());
    RunReport rerun = run(read(defaultConfig()));
    assertEquals(0, rerun.count("alerts raised"));
    assertEquals(6, rerun.count("alerts delivered"));
    // Each alert once to each of its sinks: 6 alerts, 3 of them (the two openings, the failure) to two sinks.
    assertEquals(9, sink.receipts().size());
    assertEquals(9, rerun.count("requests sent"));
  }

  @Test
  public void aRefusalIsNotRetriedAnUnavailableSinkIsSkippedAndBothAreRetriedNextRun() throws IOException {
    everyKind();
    Path file = config("routes: {incident_opened: [hook], incident_resolved: [chat], stage_failed: [chat]}",
        "thresholds: {quarantineRate: 0.5, freshnessLag: 1h}");
    sink.script("incident_opened|" + OPEN_ID, 400);
    sink.script("incident_resolved|" + RESOLVED_ID, 503, 503, 503, 503);
    RunReport report = run(read(file));

    Map<String, GenericRecord> rows = alertRows();
    assertEquals(new TreeSet<>(List.of("incident_opened|" + OPEN_ID, "incident_opened|" + RESOLVED_ID,
        "incident_resolved|" + RESOLVED_ID, "stage_failed|finpipe-gold|gold-20261202T055900Z-abcdef")), rows.keySet());
    GenericRecord refused = rows.get("incident_opened|" + OPEN_ID);
    assertEquals("FAILED", refused.get("status").toString());
    assertEquals(1L, refused.get("attempts"));
    assertEquals("sink hook answered HTTP 400 (not retried: the request was refused)", refused.get("last_error").toString());
    GenericRecord unavailable = rows.get("incident_resolved|" + RESOLVED_ID);
    assertEquals("FAILED", unavailable.get("status").toString());
    assertEquals(4L, unavailable.get("attempts"));
    assertEquals("sink chat answered HTTP 503 (after 4 attempts)", unavailable.get("last_error").toString());
    // The sink that used its whole budget is not tried again this run: the stage failure waits for the next.
    GenericRecord skipped = rows.get("stage_failed|finpipe-gold|gold-20261202T055900Z-abcdef");
    assertEquals("FAILED", skipped.get("status").toString());
    assertEquals(0L, skipped.get("attempts"));
    assertEquals("DELIVERED", rows.get("incident_opened|" + RESOLVED_ID).get("status").toString());
    assertEquals(1, report.count("alerts delivered"));
    assertEquals(3, report.count("alerts failed (retried next run)"));
    assertEquals(1 + 1 + 4, report.count("requests sent")); // the refusal, the other opening, four 503s

    // The next run retries the failed ones (now accepted) and leaves the delivered one alone.
    RunReport next = run(read(file));
    assertEquals(3, next.count("alerts delivered"));
    alertRows().values().forEach(r -> assertEquals(r.get("alert_key").toString(), "DELIVERED", r.get("status").toString()));
    assertEquals(2L, alertRows().get("incident_opened|" + OPEN_ID).get("attempts"));
    assertEquals(5L, alertRows().get("incident_resolved|" + RESOLVED_ID).get("attempts"));
    EVERY_KIND_KEYS.subList(0, 4).forEach(k -> assertEquals(k, Integer.valueOf(1), sink.processed().get(k)));
  }

  @Test
  public void secretsAppearInNoRowReportOrError() throws IOException {
    everyKind();
    sink.always(500);
    RunReport report = run(read(defaultConfig()));
    sink.always(0);
    run(read(defaultConfig()));
    List<String> texts = new ArrayList<>();
    texts.add(report.render());
    TableSnapshots.forEachRowAt(warehouse, Tables.OPS_ALERTS, 1L, (d, r) -> texts.add(r.toString()));
    alertRows().values().forEach(r -> texts.add(r.toString()));
    assertTrue(texts.stream().anyMatch(t -> t.contains("sink chat answered HTTP 500")));
    // A sink that cannot be reached at all: the JDK's exception, redacted.
    Map<String, String> dead = new HashMap<>(env());
    dead.put("CHAT_URL", "http://127.0.0.1:1" + SECRET_PATH);
    StageFailures.record(warehouse, "finpipe-gold", "gold-20261202T055901Z-000000", "again");
    RunReport unreachable = RaiseAlerts.run(warehouse, AlertsConfig.read(defaultConfig(), dead::get),
        Clock.fixed(NOW, ZoneOffset.UTC), pauses::add);
    texts.add(unreachable.render());
    alertRows().values().forEach(r -> texts.add(r.toString()));
    assertTrue(texts.stream().anyMatch(t -> t.contains("sink chat: ConnectException")));
    for (String t : texts) {
      assertFalse(t, t.contains(TOKEN));
      assertFalse(t, t.contains("xoxsecretpath"));
    }
  }

  @Test
  public void badSettingsStopWithTheFileAndKeyAndNoSecret() throws IOException {
    Path file = defaultConfig();
    Map<String, String> noToken = new HashMap<>(env());
    noToken.remove("HOOK_TOKEN");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertsConfig.read(file, noToken::get));
    assertEquals(file + ": sinks[0].tokenEnv: the environment variable HOOK_TOKEN (sink hook's token) is not set", e.getMessage());
    Map<String, String> badUrl = new HashMap<>(env());
    badUrl.put("CHAT_URL", "ftp:" + SECRET_PATH);
    e = assertThrows(IllegalArgumentException.class, () -> AlertsConfig.read(file, badUrl::get));
    assertEquals(file + ": sinks[1].urlEnv: the environment variable CHAT_URL does not hold an http(s) URL", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> read(config("routes: {incident_opened: [pager]}", "")));
    assertEquals(file + ": routes.incident_opened: no sink named pager; sinks are hook, chat", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> read(config("routes: {incident_open: [hook]}", "")));
    assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": unknown key \"routes.incident_open\""));
    e = assertThrows(IllegalArgumentException.class, () -> read(config("", "thresholds: {freshnessLag: soon}")));
    assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": --thresholds.freshnessLag=soon is not a duration"));
    e = assertThrows(IllegalArgumentException.class, () -> read(config("", "thresholds: {quarantineRate: 5}")));
    assertEquals(file + ": thresholds.quarantineRate must be a fraction between 0 and 1, e.g. 0.05", e.getMessage());
  }

  @Test
  public void aRunRolledBackAndTheFailedBatchThatStartedItAreOneStageFailure() throws IOException {
    // A batch fails while a silver run is writing: the wrapper records it under that run...
    long since = System.currentTimeMillis() - 1000;
    CommitJournal journal = CommitJournal.recover(warehouse, "finpipe-silver", new RunReport("silver", "r", "test"));
    journal.started("silver-20261202T055000Z-123456", List.of(Tables.SILVER));
    Path file = defaultConfig();
    StageFailures.recordBatch(warehouse, "medallion", "medallion-20261202T055000Z-000000", since,
        new IllegalStateException("broker down"));
    // ...and the silver stage's next start rolls the same run back, recording it again: the same entry.
    CommitJournal.recover(warehouse, "finpipe-silver", new RunReport("silver", "r2", "test"));
    List<StageFailures.Failure> failures = StageFailures.list(warehouse);
    assertEquals(1, failures.size());
    assertEquals("finpipe-silver", failures.get(0).appId());
    assertEquals("silver-20261202T055000Z-123456", failures.get(0).runId());
    assertEquals("IllegalStateException: broker down", failures.get(0).message());
    run(read(file));
    assertEquals(List.of("stage_failed|finpipe-silver|silver-20261202T055000Z-123456"), new ArrayList<>(alertRows().keySet()));
    assertEquals(Integer.valueOf(1), sink.processed().get("stage_failed|finpipe-silver|silver-20261202T055000Z-123456"));
  }

  @Test
  public void aFailedTickIsRecordedAndAlertedBeforeTheFailureGoesOn() throws IOException {
    Supplier<List<RunReport>> tick = RaiseAlerts.afterEachBatch("medallion", warehouse, read(defaultConfig()), () -> {
      throw new IllegalStateException("table busy");
    });
    IllegalStateException e = assertThrows(IllegalStateException.class, tick::get);
    assertEquals("table busy", e.getMessage());
    Map<String, GenericRecord> rows = alertRows();
    assertEquals(1, rows.size());
    String key = rows.keySet().iterator().next();
    assertTrue(key, key.startsWith("stage_failed|medallion|medallion-"));
    assertEquals("DELIVERED", rows.get(key).get("status").toString());
    assertTrue(rows.get(key).get("message").toString(), rows.get(key).get("message").toString().endsWith(": table busy"));
    assertTrue(StageFailures.list(warehouse).isEmpty()); // recorded in ops/alerts, so its record is gone
    assertEquals(Integer.valueOf(1), sink.processed().get(key));

    // A tick that works: its reports, then the alerts' report (nothing new to send).
    RunReport stage = new RunReport("gold", "gold-1", "test");
    List<RunReport> reports = RaiseAlerts.afterEachBatch("medallion", warehouse, read(defaultConfig()), () -> List.of(stage)).get();
    assertEquals(2, reports.size());
    assertEquals(stage, reports.get(0));
    assertEquals("alerts", reports.get(1).stage());
    assertEquals(0, reports.get(1).count("requests sent"));
  }

  @Test
  public void withoutSettingsAlertsAreOffAndSaySoOnce() {
    RunReport first = new RunReport("gold", "gold-1", "test");
    RunReport second = new RunReport("gold", "gold-2", "test");
    List<RunReport> next = new ArrayList<>(List.of(first, second));
    Supplier<List<RunReport>> tick = RaiseAlerts.afterEachBatch("medallion", warehouse, (String) null, () -> List.of(next.remove(0)));
    tick.get();
    tick.get();
    assertTrue(first.render(), first.render().contains("note: alerts off: no --alertsConfig"));
    assertFalse(second.render(), second.render().contains("alerts off"));
    assertFalse(new java.io.File(warehouse, "ops").exists());
  }

  @Test
  public void aRealSilverRunRecordsTheFiguresItsQuarantineRateIsComputedFrom() throws IOException {
    Path input = tmp.newFolder("input").toPath();
    try (java.io.InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/batch-1.jsonl")) {
      Files.copy(in, input.resolve("batch-1.jsonl"));
    }
    List<RunReport> reports = dev.finpipe.pipelines.medallion.RunMedallion.run(
        org.apache.beam.sdk.options.PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse,
            "--input=" + input + "/*.jsonl").as(dev.finpipe.pipelines.medallion.RunMedallion.Options.class));
    RunReport silver = reports.stream().filter(r -> r.runId().startsWith("silver")).findFirst().orElseThrow();
    long read = silver.count("records read");
    long quarantined = silver.tableRows().get("quarantine/transactions");
    assertTrue("the fixture has bad records", quarantined > 0 && read > quarantined);
    long version = DeltaTable.at(warehouse, Tables.SILVER).version();

    Path file = config("routes: {quarantine_rate: [hook]}", "thresholds: {quarantineRate: 0.0}");
    run(read(file));
    String key = "quarantine_rate|transactions|" + version;
    assertEquals(List.of(key), new ArrayList<>(alertRows().keySet()));
    String message = alertRows().get(key).get("message").toString();
    assertTrue(message, message.contains("quarantined " + quarantined + " of the " + read + " bronze rows it read ("
        + String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * quarantined / read) + ")"));
    assertEquals(Integer.valueOf(1), sink.processed().get(key));
  }
}
