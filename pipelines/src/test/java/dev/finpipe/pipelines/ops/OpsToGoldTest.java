package dev.finpipe.pipelines.ops;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.Tables;
import dev.finpipe.model.EventDates;
import dev.finpipe.ops.LatencySketch;
import dev.finpipe.ops.ServiceMinute;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.validate.OpsRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * gold/service_minute through the real stages on the DirectRunner (bronze and silver of both ops domains, then
 * OpsToGold, run by the medallion): seeded random batches over the half hour around a midnight (two dates), with
 * duplicates within and across batches, late lines and samples for minutes earlier batches aggregated, and a bad
 * line. After each batch every row equals an aggregation of silver computed here in plain Java (percentiles within
 * the sketch's 1% of the exact nearest-rank ones); at the end a {@code --rebuild} gives the same rows, to the bit, and
 * a re-run commits nothing. A warehouse with only one of the two domains aggregates that one alone.
 */
public class OpsToGoldTest {
  private static final String[] SERVICES = {"payments-api", "ledger", "auth"};
  private static final String[] HOSTS = {"web-01", "web-02", "web-03"};

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private Path config;
  private String warehouse;
  /** The half hour around a midnight three days ago: 23:45 to 00:15. */
  private Instant start;

  @Before
  public void folders() throws IOException {
    input = tmp.newFolder("input").toPath();
    config = tmp.newFolder("domains").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
    for (String domain : List.of("app_logs", "infra_metrics")) {
      Files.createDirectories(input.resolve(domain));
      Files.writeString(config.resolve(domain + ".yaml"), "input: " + input.resolve(domain) + "/*.jsonl\n");
    }
    start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)).minus(Duration.ofMinutes(15));
  }

  private RunMedallion.Options options(String domains, String... more) {
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner", "--warehouse=" + warehouse,
        "--domains=" + domains, "--domainConfig=" + config));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(RunMedallion.Options.class);
  }

  /** Runs the medallion of {@code domains}; returns the ops gold stage's report. */
  private RunReport medallion(String domains) {
    List<RunReport> reports = RunMedallion.run(options(domains));
    RunReport ops = reports.get(reports.size() - 1);
    assertEquals("gold ops", ops.stage());
    return ops;
  }

  private String time(Random random) {
    return start.plusMillis(random.nextInt(30 * 60_000)).toString();
  }

  /** A batch of log lines: some with log_id, some repeated (within the batch, and lines of {@code earlier}). */
  private List<String> logs(Random random, int batch, int n, List<String> earlier) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      if (u < 0.1 && !lines.isEmpty()) {
        lines.add(lines.get(random.nextInt(lines.size())));
      } else if (u < 0.2 && !earlier.isEmpty()) {
        lines.add(earlier.get(random.nextInt(earlier.size())));
      } else {
        String level = OpsRules.LEVELS.get(random.nextInt(OpsRules.LEVELS.size()));
        String latency = random.nextDouble() < 0.7
            ? ",\"latency_ms\":" + (random.nextDouble() < 0.05 ? "0" : String.format(Locale.ROOT, "%.3f",
                Math.pow(10, 4 * random.nextDouble())))
            : "";
        String id = random.nextBoolean() ? "\"log_id\":\"b" + batch + "-" + i + "\"," : "";
        lines.add("{" + id + "\"service\":\"" + SERVICES[random.nextInt(SERVICES.length)] + "\",\"host\":\""
            + HOSTS[random.nextInt(HOSTS.length)] + "\",\"level\":\"" + level + "\",\"message\":\"m" + random.nextInt(5)
            + "\"" + latency + ",\"timestamp\":\"" + time(random) + "\"}");
      }
    }
    return lines;
  }

  private List<String> samples(Random random, int n, List<String> earlier) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < 0.1 && !earlier.isEmpty()) {
        lines.add(earlier.get(random.nextInt(earlier.size())));
        continue;
      }
      String metric = OpsRules.METRICS.get(random.nextInt(OpsRules.METRICS.size()));
      double max = metric.endsWith("_pct") ? 100 : metric.equals("error_rate") ? 1 : 3000;
      lines.add("{\"host\":\"" + HOSTS[random.nextInt(HOSTS.length)] + "\",\"service\":\""
          + SERVICES[random.nextInt(SERVICES.length)] + "\",\"metric\":\"" + metric + "\",\"value\":"
          + String.format(Locale.ROOT, "%.4f", max * random.nextDouble()) + ",\"unit\":\""
          + OpsRules.METRIC_UNITS.get(metric) + "\",\"timestamp\":\"" + time(random) + "\"}");
    }
    return lines;
  }

  private void write(String domain, int batch, List<String> lines) throws IOException {
    Files.writeString(input.resolve(domain).resolve("batch-" + batch + ".jsonl"), String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
  }

  @Test
  public void mergedBatchByBatchEqualsAnIndependentAggregationOfSilverAndARebuild() throws IOException {
    List<String> allLogs = new ArrayList<>();
    List<String> allSamples = new ArrayList<>();
    for (int batch = 1; batch <= 3; batch++) {
      Random random = new Random(batch);
      List<String> logs = logs(random, batch, 150, allLogs);
      logs.add("{\"service\":\"auth\",\"host\":\"web-01\",\"level\":\"info\",\"message\":\"bad level\","
          + "\"timestamp\":\"" + time(random) + "\"}"); // quarantined: no row counts it
      List<String> samples = samples(random, 100, allSamples);
      write("app_logs", batch, logs);
      write("infra_metrics", batch, samples);
      allLogs.addAll(logs);
      allSamples.addAll(samples);

      RunReport gold = medallion("app_logs,infra_metrics");

      assertRowsAreSilverAggregated("batch " + batch);
      assertEquals("batch " + batch, 2, dates().size());
      if (batch > 1) {
        assertThat("batch " + batch + " merged into existing rows", gold.count("gold files merged into"),
            greaterThan(0L));
      }
    }
    List<String> incremental = rows();
    DeltaTable gold = DeltaTable.at(warehouse, Tables.GOLD_SERVICE_MINUTE);
    long logsVersion = DeltaTable.at(warehouse, Domains.APP_LOGS.silver()).version();
    long metricsVersion = DeltaTable.at(warehouse, Domains.INFRA_METRICS.silver()).version();
    assertEquals(logsVersion, gold.appVersion(OpsToGold.progressId(Domains.APP_LOGS)));
    assertEquals(metricsVersion, gold.appVersion(OpsToGold.progressId(Domains.INFRA_METRICS)));
    assertEquals(logsVersion + 1 + metricsVersion + 1, gold.appVersion(OpsToGold.APP_ID));

    // Nothing new: the stage commits nothing.
    long version = gold.version();
    assertThat(OpsToGold.run(options("app_logs")).render(), containsString("nothing committed"));
    assertEquals(version, gold.version());

    RunReport rebuild = OpsToGold.run(options("all", "--rebuild"));
    assertEquals(0, rebuild.count("gold files merged into"));
    assertEquals(version + 1, gold.version());
    assertEquals(incremental, rows());
    // The rebuild moved the incremental progress to the versions it read: a next run has nothing to do.
    assertEquals(logsVersion + 1 + metricsVersion + 1, gold.appVersion(OpsToGold.APP_ID));
    assertThat(OpsToGold.run(options("all")).render(), containsString("nothing committed"));
    assertEquals(version + 1, gold.version());
  }

  @Test
  public void aWarehouseWithOneOpsDomainAggregatesItAloneAndTheOtherJoinsLater() throws IOException {
    Random random = new Random(42);
    List<String> logs = logs(random, 1, 80, List.of());
    write("app_logs", 1, logs);

    RunReport onlyLogs = medallion("app_logs");

    assertThat(onlyLogs.render(), containsString("silver/infra_metrics does not exist: nothing to read from it"));
    assertRowsAreSilverAggregated("only app_logs");
    GenericRecord any = TableSnapshots.rows(warehouse, Tables.GOLD_SERVICE_MINUTE).get(0);
    assertEquals(0L, any.get("cpu_pct_count"));
    assertNull(any.get("cpu_pct_avg"));
    DeltaTable gold = DeltaTable.at(warehouse, Tables.GOLD_SERVICE_MINUTE);
    assertEquals(-1, gold.appVersion(OpsToGold.progressId(Domains.INFRA_METRICS)));

    // infra_metrics arrives later: its first run reads all of its silver and merges into the rows of app_logs.
    write("infra_metrics", 1, samples(random, 60, List.of()));
    RunReport withMetrics = medallion("infra_metrics");
    assertThat(withMetrics.count("gold files merged into"), greaterThan(0L));
    assertEquals(0, withMetrics.count("app_logs silver files read"));
    assertRowsAreSilverAggregated("app_logs, then infra_metrics");
    assertEquals(DeltaTable.at(warehouse, Domains.INFRA_METRICS.silver()).version(),
        gold.appVersion(OpsToGold.progressId(Domains.INFRA_METRICS)));
  }

  @Test
  public void aWarehouseWithoutOpsDataHasNothingToDo() {
    RunReport report = OpsToGold.run(options("all"));
    assertThat(report.render(), containsString("no silver/app_logs or silver/infra_metrics table yet"));
    assertEquals(-1, DeltaTable.at(warehouse, Tables.GOLD_SERVICE_MINUTE).version());
  }

  private List<String> dates() {
    List<String> dates = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_SERVICE_MINUTE, (date, r) -> {
      if (!dates.contains(date)) {
        dates.add(date);
      }
    });
    return dates;
  }

  /** Every gold row, all columns, sorted. */
  private List<String> rows() {
    List<String> rows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_SERVICE_MINUTE,
        (date, r) -> rows.add(date + " " + Tables.SERVICE_MINUTE_ROWS.fromRecord().apply(r)));
    rows.sort(null);
    return rows;
  }

  /** Statistics of one service's minute, gathered here from silver rows. */
  private static final class Expected {
    long logs;
    final long[] levels = new long[5];
    final List<Double> latencies = new ArrayList<>();
    final Map<String, List<Double>> metrics = new TreeMap<>();
  }

  /** The minute as the rows' Joda instants print it. */
  private static String minuteOf(org.joda.time.Instant time) {
    return new org.joda.time.Instant(time.getMillis() - Math.floorMod(time.getMillis(), 60_000L)).toString();
  }

  /**
   * Gold equals silver aggregated here: every exact column, and each latency percentile within 1% of the exact
   * nearest-rank percentile of the minute's latencies.
   */
  private void assertRowsAreSilverAggregated(String when) {
    Map<String, Expected> expected = new TreeMap<>();
    TableSnapshots.forEachRow(warehouse, Domains.APP_LOGS.silver(), (date, r) -> {
      org.joda.time.Instant time = AvroValues.timestamp(r, "event_time");
      Expected e = expected.computeIfAbsent(r.get("service") + " " + minuteOf(time), k -> new Expected());
      e.logs++;
      int level = OpsRules.LEVELS.indexOf(r.get("level").toString());
      if (level >= 0) {
        e.levels[level]++;
      }
      if (r.get("latency_ms") != null) {
        e.latencies.add((Double) r.get("latency_ms"));
      }
    });
    TableSnapshots.forEachRow(warehouse, Domains.INFRA_METRICS.silver(), (date, r) -> {
      org.joda.time.Instant time = AvroValues.timestamp(r, "event_time");
      expected.computeIfAbsent(r.get("service") + " " + minuteOf(time), k -> new Expected())
          .metrics.computeIfAbsent(r.get("metric").toString(), m -> new ArrayList<>()).add((Double) r.get("value"));
    });
    Map<String, String> expectedRows = new TreeMap<>();
    expected.forEach((key, e) -> {
      StringBuilder row = new StringBuilder(EventDates.utcDate(org.joda.time.Instant.parse(key.split(" ")[1])))
          .append(' ').append(key).append(" logs=").append(e.logs);
      for (long level : e.levels) {
        row.append(' ').append(level);
      }
      row.append(" ratio=").append(e.logs == 0 ? null : (double) (e.levels[3] + e.levels[4]) / e.logs)
          .append(" latencies=").append(e.latencies.size());
      for (String metric : OpsRules.METRICS) {
        List<Double> values = e.metrics.getOrDefault(metric, List.of());
        long micros = values.stream().mapToLong(v -> Math.round(v * 1_000_000)).sum();
        double sum = micros / 1e6;
        row.append(' ').append(metric).append('=').append(values.size()).append(',').append(sum).append(',')
            .append(values.isEmpty() ? null : values.stream().mapToDouble(v -> v).min().getAsDouble()).append(',')
            .append(values.isEmpty() ? null : sum / values.size()).append(',')
            .append(values.isEmpty() ? null : values.stream().mapToDouble(v -> v).max().getAsDouble());
      }
      expectedRows.put(key, row.toString());
    });

    Map<String, String> actualRows = new TreeMap<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_SERVICE_MINUTE, (date, r) -> {
      ServiceMinute m = Tables.SERVICE_MINUTE_ROWS.fromRecord().apply(r);
      String key = m.getService() + " " + m.getMinute();
      StringBuilder row = new StringBuilder(date).append(' ').append(key).append(" logs=").append(m.getLogCount())
          .append(' ').append(m.getDebugCount()).append(' ').append(m.getInfoCount()).append(' ')
          .append(m.getWarnCount()).append(' ').append(m.getErrorCount()).append(' ').append(m.getFatalCount())
          .append(" ratio=").append(m.getErrorRatio()).append(" latencies=").append(m.getLatencyCount());
      for (String metric : OpsRules.METRICS) {
        ServiceMinute.MetricSummary s = m.metric(metric);
        row.append(' ').append(metric).append('=').append(s.count()).append(',').append(s.sum()).append(',')
            .append(s.min()).append(',').append(s.avg()).append(',').append(s.max());
      }
      assertTrue(when + ": " + key + " twice", actualRows.put(key, row.toString()) == null);
      List<Double> latencies = expected.get(key) == null ? List.of() : expected.get(key).latencies;
      assertPercentile(when + " " + key + " p50", latencies, 50, m.getLogLatencyP50Ms());
      assertPercentile(when + " " + key + " p95", latencies, 95, m.getLogLatencyP95Ms());
      assertPercentile(when + " " + key + " p99", latencies, 99, m.getLogLatencyP99Ms());
      assertEquals(when + " " + key, m.getLatencyCount() == 0, m.getLatencySketch() == null);
    });
    assertEquals(when, expectedRows, actualRows);
  }

  private static void assertPercentile(String what, List<Double> latencies, int percent, Double actual) {
    if (latencies.isEmpty()) {
      assertNull(what, actual);
      return;
    }
    double[] sorted = latencies.stream().mapToDouble(v -> v).sorted().toArray();
    double exact = sorted[(int) Math.max(1, Math.ceil(percent / 100.0 * sorted.length - 1e-9)) - 1];
    assertTrue(what + ": " + actual + " vs exact " + exact,
        Math.abs(actual - exact) <= LatencySketch.ALPHA * exact + 1e-9);
  }
}
