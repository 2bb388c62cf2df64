package dev.finpipe.pipelines.common;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.joda.time.Instant;

/**
 * Prometheus metrics of a continuous stage (or of {@code make stream}), served at {@code http://<host>:<port>/metrics}
 * with the official Prometheus Java client, from each batch's {@link RunReport}: batches and their duration, rows read
 * and written, quarantined records per reason, rule failures, duplicates, Kafka lag per partition when the batch was
 * planned, and the freshness of silver (now minus the newest committed event). See the README, "Monitoring", for the
 * names and example alert rules.
 */
public final class StageMetrics implements AutoCloseable {
  private static final String QUARANTINED = "quarantined ";
  private static final String RULE = "rule ";
  private static final String RULE_FAILED = " failed";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<String, Instant> newestEvents = new ConcurrentHashMap<>();
  private final Counter batches =
      Counter.builder().name("finpipe_batches").help("Micro-batches run, by outcome (success, failed)")
          .labelNames("stage", "outcome").register(registry);
  private final Histogram duration =
      Histogram.builder().name("finpipe_batch_duration_seconds").help("Wall time of a successful micro-batch")
          .labelNames("stage").classicOnly().classicUpperBounds(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)
          .register(registry);
  private final Gauge lastSuccess =
      Gauge.builder().name("finpipe_last_success_timestamp_seconds").help("When the stage's last batch succeeded")
          .labelNames("stage").register(registry);
  private final Counter rowsRead =
      Counter.builder().name("finpipe_rows_read").help("Records a stage read from its source")
          .labelNames("stage").register(registry);
  private final Counter rowsWritten =
      Counter.builder().name("finpipe_rows_written").help("Rows a stage committed, per table")
          .labelNames("stage", "table").register(registry);
  private final Counter quarantined =
      Counter.builder().name("finpipe_quarantined").help("Records refused to quarantine, per stage and reason")
          .labelNames("stage", "reason").register(registry);
  private final Counter ruleFailures =
      Counter.builder().name("finpipe_rule_failures").help("Failures of each validation rule, whatever its action")
          .labelNames("rule").register(registry);
  private final Counter duplicates =
      Counter.builder().name("finpipe_duplicates").help("Duplicates dropped by silver's dedupe")
          .labelNames("stage").register(registry);
  private final Gauge kafkaLag =
      Gauge.builder().name("finpipe_kafka_lag_records")
          .help("Records of a topic partition not yet in bronze when the last batch was planned")
          .labelNames("source").register(registry);
  private final Gauge backlog =
      Gauge.builder().name("finpipe_backlog_records")
          .help("Records the stage's last batch left for the next one (--maxRecordsPerTrigger); 0 when it caught up")
          .labelNames("stage").register(registry);
  private final HTTPServer server;

  private StageMetrics(String host, int port) {
    GaugeWithCallback.builder().name("finpipe_freshness_seconds")
        .help("Now minus the newest event committed to the table").labelNames("table")
        .callback(cb -> newestEvents.forEach((table, at) ->
            cb.call((System.currentTimeMillis() - at.getMillis()) / 1000.0, table)))
        .register(registry);
    try {
      server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port + " (--metricsPort): " + e.getMessage(), e);
    }
  }

  /** Serves the metrics on {@code --metricsHost:--metricsPort}; null when the port is 0 (off). */
  public static StageMetrics serve(ContinuousOptions options) {
    if (options.getMetricsPort() < 0 || options.getMetricsPort() > 65535) {
      throw new IllegalArgumentException("--metricsPort=" + options.getMetricsPort() + " is not a port (0 turns metrics off)");
    }
    return options.getMetricsPort() == 0 ? null : new StageMetrics(options.getMetricsHost(), options.getMetricsPort());
  }

  /** The port the endpoint listens on. */
  public int port() {
    return server.getPort();
  }

  public void succeeded(RunReport report) {
    String stage = report.stage();
    batches.labelValues(stage, "success").inc();
    duration.labelValues(stage).observe(report.elapsedMillis() / 1000.0);
    lastSuccess.labelValues(stage).set(System.currentTimeMillis() / 1000.0);
    rowsRead.labelValues(stage).inc(Math.max(report.count("records read"), report.count("silver rows read")));
    duplicates.labelValues(stage).inc(report.count("duplicates"));
    report.tableRows().forEach((table, rows) -> rowsWritten.labelValues(stage, table).inc(rows));
    report.counts().forEach((label, value) -> {
      if (label.startsWith(QUARANTINED)) {
        quarantined.labelValues(stage, label.substring(QUARANTINED.length())).inc(value);
      } else if (label.equals("late (quarantined)")) {
        quarantined.labelValues(stage, "LATE").inc(value);
      } else if (label.startsWith(RULE) && label.endsWith(RULE_FAILED)) {
        ruleFailures.labelValues(label.substring(RULE.length(), label.length() - RULE_FAILED.length())).inc(value);
      }
    });
    report.lags().forEach((source, lag) -> kafkaLag.labelValues(source).set(lag));
    backlog.labelValues(stage).set(report.backlog());
    newestEvents.putAll(report.newestEvents());
  }

  public void failed(String stage) {
    batches.labelValues(stage, "failed").inc();
  }

  @Override
  public void close() {
    server.close();
  }
}
