package dev.finpipe.validate;

import static dev.finpipe.testing.OpsRecords.TIMESTAMP;
import static dev.finpipe.testing.OpsRecords.appLog;
import static dev.finpipe.testing.OpsRecords.metric;
import static dev.finpipe.validate.RuleChecks.assertCounters;
import static dev.finpipe.validate.RuleChecks.counters;
import static dev.finpipe.validate.RuleChecks.ordered;
import static dev.finpipe.validate.RuleChecks.quarantined;
import static org.junit.Assert.assertEquals;

import dev.finpipe.domain.Domains;
import dev.finpipe.model.AppLog;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.MetricSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The rules of the app_logs and infra_metrics domains, through {@code Domains.APP_LOGS.validate()} and
 * {@code Domains.INFRA_METRICS.validate()} with a fixed clock: both outputs and every counter in full.
 */
@RunWith(JUnit4.class)
public class OpsRulesTest {
  /** The run's clock: 45 minutes after the fixtures' timestamp. */
  private static final Instant NOW = TIMESTAMP.plus(Duration.standardMinutes(45));

  /** The latest timestamp that is not in the future: 5 minutes after the clock. */
  private static final Instant LATEST = NOW.plus(Duration.standardMinutes(5));

  private static final String NOT_FUTURE = "timestamp is at most 5 minutes after the run's clock";

  /** The app_logs rules and descriptions, in check order, as the docs state them. */
  private static final Map<String, String> LOG_RULES =
      ordered(
          "service_present", "service is not blank",
          "host_present", "host is not blank",
          "level_known", "level is one of DEBUG, INFO, WARN, ERROR, FATAL",
          "log_id_format", "log_id, when present, is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'",
          "http_status_range", "http_status, when present, is 100 to 599",
          "latency_non_negative", "latency_ms, when present, is at least 0",
          "timestamp_not_future", NOT_FUTURE);

  /** The infra_metrics rules and descriptions, in check order. */
  private static final Map<String, String> METRIC_RULES =
      ordered(
          "host_present", "host is not blank",
          "service_present", "service is not blank",
          "metric_known", "metric is one of cpu_pct, mem_pct, disk_pct, latency_p99_ms, error_rate",
          "value_finite", "value is a finite number",
          "pct_range", "value of a *_pct metric is 0 to 100",
          "error_rate_range", "value of error_rate is 0 to 1",
          "unit_matches_metric", "unit is the metric's: pct for *_pct, ms for latency_p99_ms, ratio for error_rate",
          "timestamp_not_future", NOT_FUTURE);

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void domainsDeclareTheseRulesInThisOrder() {
    assertEquals(List.copyOf(LOG_RULES.keySet()), Domains.APP_LOGS.ruleNames());
    assertEquals(List.copyOf(METRIC_RULES.keySet()), Domains.INFRA_METRICS.ruleNames());
    assertEquals(List.copyOf(LOG_RULES.values()),
        Domains.APP_LOGS.rules().stream().map(ValidationRule::getDescription).collect(Collectors.toList()));
    assertEquals(List.copyOf(METRIC_RULES.values()),
        Domains.INFRA_METRICS.rules().stream().map(ValidationRule::getDescription).collect(Collectors.toList()));
  }

  // app_logs

  @Test
  public void validLinesPassEveryRuleWithOrWithoutOptionalFields() {
    AppLog full = appLog(1).build();
    AppLog bare = appLog(2).setLogId(null).setLogKey("sha256:00").setTraceId(null).setHttpStatus(null)
        .setLatencyMs(null).build();
    AppLog bounds = appLog(3).setHttpStatus(100).setLatencyMs(0.0).setLevel("FATAL").setEventTime(LATEST).build();
    AppLog upper = appLog(4).setHttpStatus(599).setLevel("DEBUG").setLogId("a_B-9".repeat(12) + "abcd").build();

    PipelineResult run = expect(validate(logs(), full, bare, bounds, upper), List.of(full, bare, bounds, upper),
        List.of());

    assertEquals(64, upper.getLogId().length());
    assertCounters(run, counters(LOG_RULES, 4, Map.of(), 4, 0, 0));
  }

  @Test
  public void eachLogRuleBrokenAloneIsNamedWithItsDescription() {
    Map<String, AppLog> breakingOneRule = new LinkedHashMap<>();
    breakingOneRule.put("service_present", appLog(1).setService(" ").build());
    breakingOneRule.put("host_present", appLog(2).setHost("").build());
    breakingOneRule.put("level_known", appLog(3).setLevel("info").build());
    breakingOneRule.put("log_id_format", appLog(4).setLogId("sha256:ab").setLogKey("sha256:ab").build());
    breakingOneRule.put("http_status_range", appLog(5).setHttpStatus(600).build());
    breakingOneRule.put("latency_non_negative", appLog(6).setLatencyMs(-0.5).build());
    breakingOneRule.put("timestamp_not_future", appLog(7).setEventTime(LATEST.plus(1)).build());
    assertEquals(LOG_RULES.keySet(), breakingOneRule.keySet());

    PipelineResult run = expect(validate(logs(), List.copyOf(breakingOneRule.values())), List.of(),
        breakingOneRule.entrySet().stream().map(e -> quarantined(LOG_RULES, e.getValue(), e.getKey()))
            .collect(Collectors.toList()));

    Map<String, Long> failedOnce = LOG_RULES.keySet().stream().collect(Collectors.toMap(name -> name, name -> 1L));
    assertCounters(run, counters(LOG_RULES, 7, failedOnce, 0, 7, 0));
  }

  @Test
  public void logIdFormatAndRangesJudgeTheirEdges() {
    AppLog longId = appLog(1).setLogId("L".repeat(65)).setLogKey("L".repeat(65)).build();
    AppLog emptyId = appLog(2).setLogId("").setLogKey("").build();
    AppLog status99 = appLog(3).setHttpStatus(99).build();
    AppLog tinyNegative = appLog(4).setLatencyMs(-Double.MIN_VALUE).build();

    PipelineResult run = expect(validate(logs(), longId, emptyId, status99, tinyNegative), List.of(),
        List.of(
            quarantined(LOG_RULES, longId, "log_id_format"),
            quarantined(LOG_RULES, emptyId, "log_id_format"),
            quarantined(LOG_RULES, status99, "http_status_range"),
            quarantined(LOG_RULES, tinyNegative, "latency_non_negative")));

    assertCounters(run, counters(LOG_RULES, 4,
        Map.of("log_id_format", 2L, "http_status_range", 1L, "latency_non_negative", 1L), 0, 4, 0));
  }

  @Test
  public void logBreakingTwoRulesListsBothInRuleOrder() {
    AppLog broken = appLog(1).setHttpStatus(0).setLevel("TRACE").build();

    PipelineResult run = expect(validate(logs(), broken), List.of(),
        List.of(FailedRecord.of(FailedRecord.Stage.VALIDATE, List.of("level_known", "http_status_range"),
            "broke level_known: level is one of DEBUG, INFO, WARN, ERROR, FATAL;"
                + " http_status_range: http_status, when present, is 100 to 599",
            broken)));

    assertCounters(run, counters(LOG_RULES, 1, Map.of("level_known", 1L, "http_status_range", 1L), 0, 1, 0));
  }

  // infra_metrics

  @Test
  public void validSamplesOfEveryMetricPassEveryRule() {
    MetricSample cpu = metric(1).build();
    MetricSample mem = metric(2).setMetric("mem_pct").setValue(0.0).build();
    MetricSample disk = metric(3).setMetric("disk_pct").setValue(100.0).build();
    MetricSample latency = metric(4).setMetric("latency_p99_ms").setUnit("ms").setValue(15000.0).build();
    MetricSample errors = metric(5).setMetric("error_rate").setUnit("ratio").setValue(1.0).build();
    MetricSample noErrors = metric(6).setMetric("error_rate").setUnit("ratio").setValue(0.0).setEventTime(LATEST)
        .build();

    PipelineResult run = expect(validate(metrics(), cpu, mem, disk, latency, errors, noErrors),
        List.of(cpu, mem, disk, latency, errors, noErrors), List.of());

    assertCounters(run, counters(METRIC_RULES, 6, Map.of(), 6, 0, 0));
  }

  @Test
  public void eachMetricRuleBrokenAloneIsNamedWithItsDescription() {
    Map<String, MetricSample> breakingOneRule = new LinkedHashMap<>();
    breakingOneRule.put("host_present", metric(1).setHost("\t").build());
    breakingOneRule.put("service_present", metric(2).setService("").build());
    // an unknown metric breaks metric_known only: its range and unit are not known to judge
    breakingOneRule.put("metric_known", metric(3).setMetric("CPU_PCT").setUnit("whatever").build());
    // a non-finite value breaks value_finite only: the range rules leave it to value_finite
    breakingOneRule.put("value_finite", metric(4).setValue(Double.NaN).build());
    breakingOneRule.put("pct_range", metric(5).setValue(100.5).build());
    breakingOneRule.put("error_rate_range",
        metric(6).setMetric("error_rate").setUnit("ratio").setValue(-0.01).build());
    breakingOneRule.put("unit_matches_metric", metric(7).setMetric("latency_p99_ms").setUnit("s").setValue(2).build());
    breakingOneRule.put("timestamp_not_future", metric(8).setEventTime(LATEST.plus(1)).build());
    assertEquals(METRIC_RULES.keySet(), breakingOneRule.keySet());

    PipelineResult run = expect(validate(metrics(), List.copyOf(breakingOneRule.values())), List.of(),
        breakingOneRule.entrySet().stream().map(e -> quarantined(METRIC_RULES, e.getValue(), e.getKey()))
            .collect(Collectors.toList()));

    Map<String, Long> failedOnce =
        METRIC_RULES.keySet().stream().collect(Collectors.toMap(name -> name, name -> 1L));
    assertCounters(run, counters(METRIC_RULES, 8, failedOnce, 0, 8, 0));
  }

  @Test
  public void rangesApplyToTheirMetricsOnly() {
    // a latency above 100 and an infinite latency: not a percentage, not an error rate
    MetricSample slow = metric(1).setMetric("latency_p99_ms").setUnit("ms").setValue(250.0).build();
    MetricSample negativePct = metric(2).setMetric("disk_pct").setValue(-1.0).build();
    MetricSample rateAboveOne = metric(3).setMetric("error_rate").setUnit("ratio").setValue(1.5).build();
    MetricSample infinite = metric(4).setValue(Double.POSITIVE_INFINITY).build();

    PipelineResult run = expect(validate(metrics(), slow, negativePct, rateAboveOne, infinite), List.of(slow),
        List.of(
            quarantined(METRIC_RULES, negativePct, "pct_range"),
            quarantined(METRIC_RULES, rateAboveOne, "error_rate_range"),
            quarantined(METRIC_RULES, infinite, "value_finite")));

    assertCounters(run, counters(METRIC_RULES, 4,
        Map.of("pct_range", 1L, "error_rate_range", 1L, "value_finite", 1L), 1, 3, 0));
  }

  @Test
  public void sampleBreakingTwoRulesListsBothInRuleOrder() {
    MetricSample broken = metric(1).setValue(140.0).setUnit("%").build();

    PipelineResult run = expect(validate(metrics(), broken), List.of(),
        List.of(FailedRecord.of(FailedRecord.Stage.VALIDATE, List.of("pct_range", "unit_matches_metric"),
            "broke pct_range: value of a *_pct metric is 0 to 100;"
                + " unit_matches_metric: unit is the metric's: pct for *_pct, ms for latency_p99_ms, ratio for error_rate",
            broken)));

    assertCounters(run, counters(METRIC_RULES, 1, Map.of("pct_range", 1L, "unit_matches_metric", 1L), 0, 1, 0));
  }

  @Test
  public void warnOverrideOfAMetricRulePassesTheSample() {
    MetricSample percent = metric(1).setUnit("percent").build();
    ValidateRecords<MetricSample> transform =
        metrics().withActions(RuleActions.parse("unit_matches_metric=WARN", Domains.INFRA_METRICS.ruleNames()));

    PipelineResult run = expect(validate(transform, percent), List.of(percent), List.of());

    assertCounters(run, counters(METRIC_RULES, 1, Map.of("unit_matches_metric", 1L), 1, 0, 0));
  }

  // Helpers

  private static ValidateRecords<AppLog> logs() {
    return Domains.APP_LOGS.validate().withNow(NOW);
  }

  private static ValidateRecords<MetricSample> metrics() {
    return Domains.INFRA_METRICS.validate().withNow(NOW);
  }

  @SafeVarargs
  private <T extends DomainRecord> WithFailures.Result<PCollection<T>, FailedRecord> validate(
      ValidateRecords<T> transform, T... records) {
    return validate(transform, List.of(records));
  }

  private <T extends DomainRecord> WithFailures.Result<PCollection<T>, FailedRecord> validate(
      ValidateRecords<T> transform, List<T> records) {
    return p.apply(Create.of(records)).apply("ValidateRecords", transform);
  }

  /** Asserts both outputs exactly (an empty list asserts an empty output), then runs the pipeline. */
  private <T> PipelineResult expect(
      WithFailures.Result<PCollection<T>, FailedRecord> result, List<T> valid, List<FailedRecord> quarantined) {
    PAssert.that(result.output()).containsInAnyOrder(valid);
    PAssert.that(result.failures()).containsInAnyOrder(quarantined);
    return p.run();
  }
}
