package dev.finpipe.validate;

import dev.finpipe.model.AppLog;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.MetricSample;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of the two operations domains, app_logs and infra_metrics, in the order they are checked and reported.
 * Rules on an optional field judge it only when present. Values are judged exactly as parsed (no trimming, no case
 * folding: {@code "info"} is not a known level).
 */
public final class OpsRules {
  public static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  /** Each known metric and the unit its values are in. */
  public static final Map<String, String> METRIC_UNITS =
      Map.of("cpu_pct", "pct", "mem_pct", "pct", "disk_pct", "pct", "latency_p99_ms", "ms", "error_rate", "ratio");

  /** The known metrics, in the order the docs list them. */
  public static final List<String> METRICS = List.of("cpu_pct", "mem_pct", "disk_pct", "latency_p99_ms", "error_rate");

  /** Producers' log ids: no ':', so a given id never equals a content hash ({@code sha256:...}). */
  private static final Pattern LOG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final List<ValidationRule<AppLog>> APP_LOGS =
      List.of(
          ValidationRule.of("service_present", "service is not blank", (l, now) -> !l.getService().isBlank()),
          ValidationRule.of("host_present", "host is not blank", (l, now) -> !l.getHost().isBlank()),
          ValidationRules.oneOf("level_known", "level", LEVELS, AppLog::getLevel),
          ValidationRule.of("log_id_format",
              "log_id, when present, is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'",
              (l, now) -> l.getLogId() == null || LOG_ID.matcher(l.getLogId()).matches()),
          ValidationRule.of("http_status_range", "http_status, when present, is 100 to 599",
              (l, now) -> l.getHttpStatus() == null || (l.getHttpStatus() >= 100 && l.getHttpStatus() <= 599)),
          ValidationRule.of("latency_non_negative", "latency_ms, when present, is at least 0",
              (l, now) -> l.getLatencyMs() == null || l.getLatencyMs() >= 0),
          notFuture());

  private static final List<ValidationRule<MetricSample>> INFRA_METRICS =
      List.of(
          ValidationRule.of("host_present", "host is not blank", (m, now) -> !m.getHost().isBlank()),
          ValidationRule.of("service_present", "service is not blank", (m, now) -> !m.getService().isBlank()),
          ValidationRules.oneOf("metric_known", "metric", METRICS, MetricSample::getMetric),
          ValidationRule.of("value_finite", "value is a finite number",
              (m, now) -> Double.isFinite(m.getValue())),
          // The range rules let what value_finite refuses pass, so a record breaks only the rule that names its fault.
          ValidationRule.of("pct_range", "value of a *_pct metric is 0 to 100",
              (m, now) -> !isPct(m) || !Double.isFinite(m.getValue()) || (m.getValue() >= 0 && m.getValue() <= 100)),
          ValidationRule.of("error_rate_range", "value of error_rate is 0 to 1",
              (m, now) -> !m.getMetric().equals("error_rate") || !Double.isFinite(m.getValue())
                  || (m.getValue() >= 0 && m.getValue() <= 1)),
          ValidationRule.of("unit_matches_metric",
              "unit is the metric's: pct for *_pct, ms for latency_p99_ms, ratio for error_rate",
              // an unknown metric passes: metric_known reports it
              (m, now) -> !METRIC_UNITS.containsKey(m.getMetric()) || METRIC_UNITS.get(m.getMetric()).equals(m.getUnit())),
          notFuture());

  private OpsRules() {}

  /** The app_logs rules, in check order. */
  public static List<ValidationRule<AppLog>> appLogs() {
    return APP_LOGS;
  }

  /** The infra_metrics rules, in check order. */
  public static List<ValidationRule<MetricSample>> infraMetrics() {
    return INFRA_METRICS;
  }

  private static boolean isPct(MetricSample m) {
    return m.getMetric().endsWith("_pct");
  }

  private static <T extends DomainRecord> ValidationRule<T> notFuture() {
    return ValidationRules.notFuture("timestamp_not_future", "timestamp");
  }
}
