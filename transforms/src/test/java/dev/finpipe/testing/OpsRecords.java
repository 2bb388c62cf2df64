package dev.finpipe.testing;

import dev.finpipe.model.AppLog;
import dev.finpipe.model.MetricSample;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import org.joda.time.Instant;

/**
 * Records of the operations domains (app_logs, infra_metrics) for tests: a valid payload of each, raw lines of each
 * domain's input file, and the records those payloads parse to, so a test changes only the field it is about.
 * Ingested at {@link TestRecords#INGESTED_AT}.
 */
public final class OpsRecords {
  public static final String APP_LOGS_FILE = "in/app_logs.jsonl";

  public static final String INFRA_METRICS_FILE = "in/infra_metrics.jsonl";

  /** The {@code timestamp} of every fixture. */
  public static final Instant TIMESTAMP = Instant.parse("2026-11-20T10:00:00.000Z");

  /** A log line with every field, optional ones included, present and valid. */
  public static final JsonObject APP_LOG =
      JsonObject.of(
          "log_id", "\"L-0001\"",
          "service", "\"payments-api\"",
          "host", "\"web-01\"",
          "level", "\"INFO\"",
          "message", "\"charge accepted\"",
          "trace_id", "\"t-9f1c\"",
          "http_status", "201",
          "latency_ms", "12.5",
          "timestamp", "\"2026-11-20T10:00:00.000Z\"");

  /** The {@code sample_key} of {@link #METRIC}. */
  public static final String SAMPLE_KEY = "web-01|payments-api|cpu_pct|2026-11-20T10:00:00.000Z";

  /** A metric sample with every field present and valid. */
  public static final JsonObject METRIC =
      JsonObject.of(
          "host", "\"web-01\"",
          "service", "\"payments-api\"",
          "metric", "\"cpu_pct\"",
          "value", "42.5",
          "unit", "\"pct\"",
          "timestamp", "\"2026-11-20T10:00:00.000Z\"");

  private OpsRecords() {}

  /** {@code json} as read from line {@code line} of {@link #APP_LOGS_FILE}. */
  public static RawRecord appLogLine(long line, Object json) {
    return RawRecord.of(json.toString(), SourceRef.fileLine(APP_LOGS_FILE, line), TestRecords.INGESTED_AT);
  }

  /** {@code json} as read from line {@code line} of {@link #INFRA_METRICS_FILE}. */
  public static RawRecord metricLine(long line, Object json) {
    return RawRecord.of(json.toString(), SourceRef.fileLine(INFRA_METRICS_FILE, line), TestRecords.INGESTED_AT);
  }

  /** The log line {@link #APP_LOG} parses to, read from line {@code line}. */
  public static AppLog.Builder appLog(long line) {
    return appLog(appLogLine(line, APP_LOG));
  }

  /** The log line {@code raw} parses to when it holds {@link #APP_LOG} changed as the test says. */
  public static AppLog.Builder appLog(RawRecord raw) {
    return AppLog.builder()
        .setLogKey("L-0001")
        .setLogId("L-0001")
        .setService("payments-api")
        .setHost("web-01")
        .setLevel("INFO")
        .setMessage("charge accepted")
        .setTraceId("t-9f1c")
        .setHttpStatus(201)
        .setLatencyMs(12.5)
        .setEventTime(TIMESTAMP)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload());
  }

  /** The sample {@link #METRIC} parses to, read from line {@code line}. */
  public static MetricSample.Builder metric(long line) {
    return metric(metricLine(line, METRIC));
  }

  /** The sample {@code raw} parses to when it holds {@link #METRIC} changed as the test says. */
  public static MetricSample.Builder metric(RawRecord raw) {
    return MetricSample.builder()
        .setSampleKey(SAMPLE_KEY)
        .setHost("web-01")
        .setService("payments-api")
        .setMetric("cpu_pct")
        .setValue(42.5)
        .setUnit("pct")
        .setEventTime(TIMESTAMP)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload());
  }
}
