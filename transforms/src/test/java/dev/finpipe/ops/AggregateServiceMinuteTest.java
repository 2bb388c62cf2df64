package dev.finpipe.ops;

import static org.junit.Assert.assertEquals;

import dev.finpipe.io.DerivedRows;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.model.AppLog;
import dev.finpipe.model.MetricSample;
import dev.finpipe.ops.ServiceMinute.MetricSummary;
import dev.finpipe.testing.OpsRecords;
import dev.finpipe.validate.OpsRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class AggregateServiceMinuteTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant TEN_ONE = Instant.parse("2026-11-20T10:01:00Z");

  private static AppLog line(int n, String service, String level, @Nullable Double latency, String time) {
    return OpsRecords.appLog(n).setLogKey("L-" + n).setLogId("L-" + n).setService(service).setLevel(level)
        .setLatencyMs(latency).setEventTime(Instant.parse(time)).setPayload(null).build();
  }

  private static MetricSample sample(String host, String service, String metric, double value, String time) {
    return OpsRecords.metric(1).setSampleKey(host + service + metric + time).setHost(host).setService(service)
        .setMetric(metric).setValue(value).setEventTime(Instant.parse(time)).setPayload(null).build();
  }

  /** A row with no lines and no samples, for a test to fill in. */
  private static ServiceMinute.Builder empty(String service, Instant minute) {
    ServiceMinute.Builder row = ServiceMinute.builder().setService(service).setMinute(minute).setLogCount(0)
        .setDebugCount(0).setInfoCount(0).setWarnCount(0).setErrorCount(0).setFatalCount(0).setErrorRatio(null)
        .setLatencyCount(0).setLogLatencyP50Ms(null).setLogLatencyP95Ms(null).setLogLatencyP99Ms(null)
        .setLatencySketch(null);
    OpsRules.METRICS.forEach(m -> row.setMetric(m, MetricSummary.NONE));
    return row;
  }

  /** The latency columns of {@code latencies}, from a sketch of them (LatencySketchTest checks its accuracy). */
  private static ServiceMinute.Builder latencies(ServiceMinute.Builder row, double... latencies) {
    LatencySketch sketch = LatencySketch.empty();
    for (double latency : latencies) {
      sketch.add(latency);
    }
    return row.setLatencyCount(latencies.length).setLogLatencyP50Ms(sketch.percentile(50))
        .setLogLatencyP95Ms(sketch.percentile(95)).setLogLatencyP99Ms(sketch.percentile(99))
        .setLatencySketch(sketch.encode());
  }

  private PCollection<ServiceMinute> aggregate(String name, List<AppLog> logs, List<MetricSample> samples,
      AggregateServiceMinute transform) {
    PCollectionTuple input = PCollectionTuple.empty(p);
    if (!logs.isEmpty()) {
      input = input.and(AggregateServiceMinute.LOGS, p.apply(name + "Logs", Create.of(logs)));
    }
    if (!samples.isEmpty()) {
      input = input.and(AggregateServiceMinute.METRICS, p.apply(name + "Samples", Create.of(samples)));
    }
    return input.apply(name, transform);
  }

  @Test
  public void linesAndSamplesBecomeOneRowPerServiceAndMinute() {
    List<AppLog> logs = List.of(
        line(1, "payments-api", "INFO", 10.0, "2026-11-20T10:00:00Z"),
        line(2, "payments-api", "ERROR", 20.0, "2026-11-20T10:00:30Z"),
        line(3, "payments-api", "FATAL", null, "2026-11-20T10:00:45Z"),
        line(4, "payments-api", "WARN", 30.0, "2026-11-20T10:00:59.999Z"),
        line(5, "payments-api", "DEBUG", null, "2026-11-20T10:01:00Z"),
        line(6, "payments-api", "info", null, "2026-11-20T10:01:10Z")); // kept by a WARN rule: no level's count
    List<MetricSample> samples = List.of(
        sample("web-01", "payments-api", "cpu_pct", 40.5, "2026-11-20T10:00:10Z"),
        sample("web-02", "payments-api", "cpu_pct", 60.25, "2026-11-20T10:00:20Z"),
        sample("web-01", "payments-api", "disk_pct", 99.0, "2026-11-20T10:00:30Z"),
        sample("web-01", "ledger", "mem_pct", 50.0, "2026-11-20T10:01:00Z"),
        sample("web-01", "ledger", "gpu_pct", 1.0, "2026-11-20T10:01:00Z")); // kept by a WARN rule: no column

    PCollection<ServiceMinute> rows =
        aggregate("Aggregate", logs, samples, AggregateServiceMinute.perServiceAndMinute());

    PAssert.that(rows).containsInAnyOrder(
        latencies(empty("payments-api", TEN), 10.0, 20.0, 30.0)
            .setLogCount(4).setInfoCount(1).setErrorCount(1).setFatalCount(1).setWarnCount(1).setErrorRatio(0.5)
            .setMetric("cpu_pct", new MetricSummary(2, 100.75, 40.5, 50.375, 60.25))
            .setMetric("disk_pct", new MetricSummary(1, 99.0, 99.0, 99.0, 99.0))
            .build(),
        empty("payments-api", TEN_ONE).setLogCount(2).setDebugCount(1).setErrorRatio(0.0).build(),
        empty("ledger", TEN_ONE).setMetric("mem_pct", new MetricSummary(1, 50.0, 50.0, 50.0, 50.0)).build());
    p.run();
  }

  @Test
  public void newLinesAndSamplesMergeIntoTheExistingRowOfTheirMinute() {
    // The existing row: 2 lines (1 ERROR) with latencies 5 and 7, cpu samples 10 and 30.
    ServiceMinute existing = latencies(empty("payments-api", TEN), 5.0, 7.0).setLogCount(2).setInfoCount(1)
        .setErrorCount(1).setErrorRatio(0.5).setMetric("cpu_pct", new MetricSummary(2, 40.0, 10.0, 20.0, 30.0))
        .build();
    ServiceMinute untouched = empty("ledger", TEN).setLogCount(1).setInfoCount(1).setErrorRatio(0.0).build();
    List<AppLog> late = List.of(line(7, "payments-api", "ERROR", 900.0, "2026-11-20T10:00:05Z"),
        line(8, "payments-api", "INFO", null, "2026-11-20T10:00:06Z"));
    List<MetricSample> lateSamples = List.of(sample("web-03", "payments-api", "cpu_pct", 5.5, "2026-11-20T10:00:07Z"));

    PCollection<ServiceMinute> rows = aggregate("Merge", late, lateSamples, AggregateServiceMinute.perServiceAndMinute()
        .mergingInto(p.apply("Existing", Create.of(existing, untouched))));

    PAssert.that(rows).containsInAnyOrder(
        latencies(empty("payments-api", TEN), 5.0, 7.0, 900.0).setLogCount(4).setInfoCount(2).setErrorCount(2)
            .setErrorRatio(0.5).setMetric("cpu_pct", new MetricSummary(3, 45.5, 5.5, 45.5 / 3, 30.0)).build(),
        untouched);
    p.run();
  }

  @Test
  public void onlyOneSideIsEnough() {
    PCollection<ServiceMinute> rows = aggregate("OnlyLogs",
        List.of(line(1, "a", "FATAL", 0.0, "2026-11-20T23:59:59Z")), List.of(),
        AggregateServiceMinute.perServiceAndMinute());

    PAssert.that(rows).containsInAnyOrder(latencies(empty("a", Instant.parse("2026-11-20T23:59:00Z")), 0.0)
        .setLogCount(1).setFatalCount(1).setErrorRatio(1.0).build());
    p.run();
  }

  @Test
  public void signalsAreExactlyTheContractsNamesThatHaveAValue() {
    ServiceMinute row = latencies(empty("a", TEN), 10.0).setLogCount(1).setErrorCount(1).setErrorRatio(1.0)
        .setMetric("disk_pct", new MetricSummary(2, 190.0, 90.0, 95.0, 100.0)).build();
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("error_ratio", 1.0);
    expected.put("log_latency_p99_ms", row.getLogLatencyP99Ms());
    expected.put("disk_pct_avg", 95.0);
    expected.put("disk_pct_max", 100.0);
    assertEquals(expected, row.signals());
    assertEquals(Map.of("cpu_pct_avg", 1.0, "cpu_pct_max", 1.0),
        empty("b", TEN).setMetric("cpu_pct", new MetricSummary(1, 1.0, 1.0, 1.0, 1.0)).build().signals());
    assertEquals(Map.of(), empty("c", TEN).build().signals());
  }

  @Test
  public void theTablesColumnsAreTheContracts() {
    TableSpec spec = Tables.GOLD_SERVICE_MINUTE;
    List<String> expected = new ArrayList<>(List.of("service", "minute", "log_count", "debug_count", "info_count",
        "warn_count", "error_count", "fatal_count", "error_ratio", "latency_count", "log_latency_p50_ms",
        "log_latency_p95_ms", "log_latency_p99_ms", "latency_sketch"));
    for (String metric : OpsRules.METRICS) {
      for (String stat : List.of("count", "sum", "min", "avg", "max")) {
        expected.add(metric + "_" + stat);
      }
    }
    assertEquals("gold/service_minute", spec.path());
    assertEquals("date", spec.partitionColumn());
    assertEquals(expected, spec.columnNames());
    assertEquals(TableSpec.Type.TIMESTAMP, spec.column("minute").type());
    assertEquals(true, spec.column("error_ratio").nullable());
    assertEquals(false, spec.column("cpu_pct_sum").nullable());
    assertEquals(true, spec.column("cpu_pct_avg").nullable());
    assertEquals(TableSpec.Type.STRING, spec.column("latency_sketch").type());
  }

  @Test
  public void aRowSurvivesTheTableFormat() {
    ServiceMinute row = latencies(empty("a", TEN), 3.0, 4.0).setLogCount(2).setWarnCount(2).setErrorRatio(0.0)
        .setMetric("error_rate", new MetricSummary(1, 0.25, 0.25, 0.25, 0.25)).build();
    DerivedRows<ServiceMinute> format = Tables.SERVICE_MINUTE_ROWS;
    GenericRecord record = format.toRecord(row);
    assertEquals("2026-11-20", format.partitionValue(row));
    assertEquals(row, format.fromRecord().apply(record));
  }
}
