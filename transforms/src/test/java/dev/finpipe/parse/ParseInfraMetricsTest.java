package dev.finpipe.parse;

import static dev.finpipe.parse.ParseChecks.expect;
import static dev.finpipe.parse.ParseChecks.failure;
import static dev.finpipe.parse.ParseReason.BAD_AMOUNT;
import static dev.finpipe.parse.ParseReason.BAD_EVENT_TIME;
import static dev.finpipe.parse.ParseReason.MALFORMED_JSON;
import static dev.finpipe.parse.ParseReason.MISSING_FIELD;
import static dev.finpipe.parse.ParseReason.NOT_AN_OBJECT;
import static dev.finpipe.parse.ParseReason.WRONG_TYPE;
import static dev.finpipe.testing.OpsRecords.METRIC;
import static dev.finpipe.testing.OpsRecords.SAMPLE_KEY;
import static dev.finpipe.testing.OpsRecords.TIMESTAMP;
import static dev.finpipe.testing.OpsRecords.metric;
import static dev.finpipe.testing.OpsRecords.metricLine;

import dev.finpipe.domain.Domains;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.MetricSample;
import dev.finpipe.model.RawRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The infra_metrics input contract, through {@code Domains.INFRA_METRICS.parse()}: every output and counter. */
@RunWith(JUnit4.class)
public class ParseInfraMetricsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void sampleIsParsedAndKeyedByHostServiceMetricAndTime() {
    RawRecord sample = metricLine(1, METRIC);
    // 2026-11-20T05:00:00-05:00 and 1795168800000 are the fixture's instant: the same sample key
    RawRecord offset = metricLine(2, METRIC.with("timestamp", "\"2026-11-20T05:00:00-05:00\""));
    RawRecord epoch = metricLine(3, METRIC.with("timestamp", "1795168800000"));
    RawRecord later = metricLine(4, METRIC.with("timestamp", "\"2026-11-20T10:00:01Z\"").with("value", "7"));
    RawRecord pipeInHost = metricLine(5, METRIC.with("host", "\"web|01\"").with("unit", "\"percent\""));

    expect(
        p,
        parse(sample, offset, epoch, later, pipeInHost),
        List.of(
            metric(sample).build(),
            metric(offset).build(),
            metric(epoch).build(),
            metric(later).setEventTime(Instant.parse("2026-11-20T10:00:01Z")).setValue(7.0)
                .setSampleKey("web-01|payments-api|cpu_pct|2026-11-20T10:00:01.000Z").build(),
            // values are kept as given (the rules judge the unit); a separator in a value is escaped in the key
            metric(pipeInHost).setHost("web|01").setUnit("percent")
                .setSampleKey("web\\|01|payments-api|cpu_pct|2026-11-20T10:00:00.000Z").build()),
        List.of(),
        Map.of());
  }

  @Test
  public void malformedJsonAndJsonThatIsNotAnObjectAreQuarantined() {
    RawRecord noValue = metricLine(1, "{\"host\":}");
    RawRecord number = metricLine(2, "42.5");

    expect(
        p,
        parse(noValue, number),
        List.of(),
        List.of(
            failure(noValue, "malformed JSON at column 10: Unexpected character ('}' (code 125)): expected a valid value"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", MALFORMED_JSON).build(),
            failure(number, "expected a JSON object, got a number", NOT_AN_OBJECT).build()),
        Map.of(MALFORMED_JSON, 1L, NOT_AN_OBJECT, 1L));
  }

  @Test
  public void eachFieldIsRequired() {
    RawRecord noHost = metricLine(1, METRIC.without("host"));
    RawRecord noService = metricLine(2, METRIC.without("service"));
    RawRecord noMetric = metricLine(3, METRIC.without("metric"));
    RawRecord noValue = metricLine(4, METRIC.without("value"));
    RawRecord nullUnit = metricLine(5, METRIC.with("unit", "null"));
    RawRecord noTimestamp = metricLine(6, METRIC.without("timestamp"));

    expect(
        p,
        parse(noHost, noService, noMetric, noValue, nullUnit, noTimestamp),
        List.of(),
        List.of(
            // without its whole identity a failure names no sample key, only the time
            failure(noHost, "missing required field host", MISSING_FIELD).setEventTime(TIMESTAMP).build(),
            failure(noService, "missing required field service", MISSING_FIELD).setEventTime(TIMESTAMP).build(),
            failure(noMetric, "missing required field metric", MISSING_FIELD).setEventTime(TIMESTAMP).build(),
            readable(noValue, "missing required field value", MISSING_FIELD).build(),
            readable(nullUnit, "missing required field unit", MISSING_FIELD).build(),
            failure(noTimestamp, "missing required field timestamp", MISSING_FIELD).build()),
        Map.of(MISSING_FIELD, 6L));
  }

  @Test
  public void wrongTypesAndBadNumbersAreQuarantined() {
    RawRecord stringValue = metricLine(1, METRIC.with("value", "\"42.5\""));
    RawRecord booleanValue = metricLine(2, METRIC.with("value", "false"));
    RawRecord numberUnit = metricLine(3, METRIC.with("unit", "1"));
    RawRecord arrayMetric = metricLine(4, METRIC.with("metric", "[\"cpu_pct\"]"));
    RawRecord beyondADouble = metricLine(5, METRIC.with("value", "-1E+400"));
    RawRecord badTime = metricLine(6, METRIC.with("timestamp", "\"2026-11-20\""));

    expect(
        p,
        parse(stringValue, booleanValue, numberUnit, arrayMetric, beyondADouble, badTime),
        List.of(),
        List.of(
            readable(stringValue, "value must be a number, got a string", WRONG_TYPE).build(),
            readable(booleanValue, "value must be a number, got a boolean", WRONG_TYPE).build(),
            readable(numberUnit, "unit must be a string, got a number", WRONG_TYPE).build(),
            failure(arrayMetric, "metric must be a string, got an array", WRONG_TYPE).setEventTime(TIMESTAMP).build(),
            readable(beyondADouble, "value \"-Infinity\" is out of range", BAD_AMOUNT).build(),
            failure(badTime, "timestamp \"2026-11-20\" is neither ISO-8601 with an offset nor epoch milliseconds",
                BAD_EVENT_TIME).build()),
        Map.of(WRONG_TYPE, 4L, BAD_AMOUNT, 1L, BAD_EVENT_TIME, 1L));
  }

  @Test
  public void everyReasonThatAppliesIsListedInOrder() {
    RawRecord broken = metricLine(1, METRIC.without("unit").with("host", "5").with("timestamp", "{}"));

    expect(
        p,
        parse(broken),
        List.of(),
        List.of(
            failure(broken, "missing required field unit; host must be a string, got a number;"
                + " timestamp must be a string or an integer, got an object", MISSING_FIELD, WRONG_TYPE).build()),
        Map.of(MISSING_FIELD, 1L, WRONG_TYPE, 1L));
  }

  private WithFailures.Result<PCollection<MetricSample>, FailedRecord> parse(RawRecord... records) {
    return p.apply(Create.of(Arrays.asList(records))).apply("ParseInfraMetrics", Domains.INFRA_METRICS.parse());
  }

  /** A PARSE failure of {@code raw} in which the fixture's identity was readable. */
  private static FailedRecord.Builder readable(RawRecord raw, String error, ParseReason... reasons) {
    return failure(raw, error, reasons).setRecordId(SAMPLE_KEY).setEventTime(TIMESTAMP);
  }
}
