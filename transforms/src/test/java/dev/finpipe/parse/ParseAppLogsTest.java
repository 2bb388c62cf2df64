package dev.finpipe.parse;

import static dev.finpipe.parse.ParseChecks.expect;
import static dev.finpipe.parse.ParseChecks.failure;
import static dev.finpipe.parse.ParseReason.BAD_AMOUNT;
import static dev.finpipe.parse.ParseReason.BAD_EVENT_TIME;
import static dev.finpipe.parse.ParseReason.MALFORMED_JSON;
import static dev.finpipe.parse.ParseReason.MISSING_FIELD;
import static dev.finpipe.parse.ParseReason.NOT_AN_OBJECT;
import static dev.finpipe.parse.ParseReason.WRONG_TYPE;
import static dev.finpipe.testing.OpsRecords.APP_LOG;
import static dev.finpipe.testing.OpsRecords.TIMESTAMP;
import static dev.finpipe.testing.OpsRecords.appLog;
import static dev.finpipe.testing.OpsRecords.appLogLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import dev.finpipe.domain.Domains;
import dev.finpipe.model.AppLog;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.testing.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The app_logs input contract, through {@code Domains.APP_LOGS.parse()}: every output and counter in full. */
@RunWith(JUnit4.class)
public class ParseAppLogsTest {
  /** {@link #APP_LOG} without its log_id, trace_id, http_status and latency_ms. */
  private static final JsonObject BARE = APP_LOG.without("log_id", "trace_id", "http_status", "latency_ms");

  /** The content key of {@link #BARE}: absent fields are written \0, the time as epoch milliseconds. */
  private static final String BARE_KEY = sha256("payments-api|web-01|INFO|charge accepted|\\0|\\0|\\0|1795168800000");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void lineWithEveryFieldIsParsedAndKeyedByItsLogId() {
    RawRecord line = appLogLine(1, APP_LOG);

    expect(p, parse(line), List.of(appLog(line).build()), List.of(), Map.of());
  }

  @Test
  public void optionalFieldsMayBeAbsentOrNull() {
    RawRecord absent = appLogLine(1, BARE);
    RawRecord nulls = appLogLine(2, APP_LOG.with("log_id", "null").with("trace_id", "null")
        .with("http_status", "null").with("latency_ms", "null"));

    expect(
        p,
        parse(absent, nulls),
        List.of(bare(absent).build(), bare(nulls).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void lineWithoutLogIdIsKeyedByAHashOfItsContent() {
    RawRecord first = appLogLine(1, BARE);
    RawRecord again = appLogLine(2, BARE);
    // the same instant written as epoch milliseconds is the same line
    RawRecord epoch = appLogLine(3, BARE.with("timestamp", "1795168800000"));
    RawRecord otherMessage = appLogLine(4, BARE.with("message", "\"charge refused\""));
    RawRecord withOptionals = appLogLine(5, APP_LOG.without("log_id"));
    // a separator inside a value is escaped, so it cannot shift one field into the next
    RawRecord pipeInHost = appLogLine(6, BARE.with("host", "\"web-01|INFO\"").with("level", "\"charge accepted\"")
        .with("message", "\"\""));
    String otherKey = sha256("payments-api|web-01|INFO|charge refused|\\0|\\0|\\0|1795168800000");
    String optionalsKey = sha256("payments-api|web-01|INFO|charge accepted|t-9f1c|201|12.5|1795168800000");
    String pipeKey = sha256("payments-api|web-01\\|INFO|charge accepted||\\0|\\0|\\0|1795168800000");

    expect(
        p,
        parse(first, again, epoch, otherMessage, withOptionals, pipeInHost),
        List.of(
            bare(first).build(),
            bare(again).build(),
            bare(epoch).build(),
            bare(otherMessage).setMessage("charge refused").setLogKey(otherKey).build(),
            appLog(withOptionals).setLogId(null).setLogKey(optionalsKey).build(),
            bare(pipeInHost).setHost("web-01|INFO").setLevel("charge accepted").setMessage("").setLogKey(pipeKey)
                .build()),
        List.of(),
        Map.of());
    assertNotEquals(BARE_KEY, otherKey);
    assertNotEquals(BARE_KEY, pipeKey);
    assertEquals(BARE_KEY, AppLog.contentKey("payments-api", "web-01", "INFO", "charge accepted", null, null, null,
        TIMESTAMP));
  }

  @Test
  public void malformedJsonAndJsonThatIsNotAnObjectAreQuarantined() {
    RawRecord noColon = appLogLine(1, "{\"service\" \"api\"}");
    RawRecord empty = appLogLine(2, "");
    RawRecord array = appLogLine(3, "[" + APP_LOG + "]");
    RawRecord string = appLogLine(4, "\"charge accepted\"");

    expect(
        p,
        parse(noColon, empty, array, string),
        List.of(),
        List.of(
            failure(noColon, "malformed JSON at column 13: Unexpected character ('\"' (code 34)):"
                + " was expecting a colon to separate field name and value", MALFORMED_JSON).build(),
            failure(empty, "malformed JSON: the payload is empty", MALFORMED_JSON).build(),
            failure(array, "expected a JSON object, got an array", NOT_AN_OBJECT).build(),
            failure(string, "expected a JSON object, got a string", NOT_AN_OBJECT).build()),
        Map.of(MALFORMED_JSON, 2L, NOT_AN_OBJECT, 2L));
  }

  @Test
  public void eachRequiredFieldIsRequired() {
    List<String> required = List.of("service", "host", "level", "message");
    RawRecord[] lines = new RawRecord[required.size() + 3];
    FailedRecord[] failures = new FailedRecord[lines.length];
    for (int i = 0; i < required.size(); i++) {
      lines[i] = appLogLine(i + 1, APP_LOG.without(required.get(i)));
      failures[i] = readable(lines[i], "missing required field " + required.get(i), MISSING_FIELD).build();
    }
    lines[4] = appLogLine(5, APP_LOG.without("timestamp"));
    failures[4] = failure(lines[4], "missing required field timestamp", MISSING_FIELD).setRecordId("L-0001").build();
    lines[5] = appLogLine(6, APP_LOG.with("message", "null"));
    failures[5] = readable(lines[5], "missing required field message", MISSING_FIELD).build();
    // without a log_id the failure names no id: a hash of an unparsed line would name nothing anyone can look up
    lines[6] = appLogLine(7, "{}");
    failures[6] = failure(lines[6], "missing required fields service, host, level, message, timestamp", MISSING_FIELD)
        .build();

    expect(p, parse(lines), List.of(), List.of(failures), Map.of(MISSING_FIELD, 7L));
  }

  @Test
  public void wrongTypesAreQuarantined() {
    RawRecord numberService = appLogLine(1, APP_LOG.with("service", "7"));
    RawRecord numberLogId = appLogLine(2, APP_LOG.with("log_id", "1001"));
    RawRecord objectTrace = appLogLine(3, APP_LOG.with("trace_id", "{\"id\":1}"));
    RawRecord stringStatus = appLogLine(4, APP_LOG.with("http_status", "\"201\""));
    RawRecord fractionStatus = appLogLine(5, APP_LOG.with("http_status", "201.5"));
    RawRecord wholeDecimalStatus = appLogLine(6, APP_LOG.with("http_status", "201.0"));
    RawRecord stringLatency = appLogLine(7, APP_LOG.with("latency_ms", "\"12.5\""));
    RawRecord booleanLatency = appLogLine(8, APP_LOG.with("latency_ms", "true"));
    RawRecord arrayTimestamp = appLogLine(9, APP_LOG.with("timestamp", "[1795168800000]"));

    expect(
        p,
        parse(numberService, numberLogId, objectTrace, stringStatus, fractionStatus, wholeDecimalStatus,
            stringLatency, booleanLatency, arrayTimestamp),
        List.of(),
        List.of(
            readable(numberService, "service must be a string, got a number", WRONG_TYPE).build(),
            failure(numberLogId, "log_id must be a string, got a number", WRONG_TYPE).setEventTime(TIMESTAMP).build(),
            readable(objectTrace, "trace_id must be a string, got an object", WRONG_TYPE).build(),
            readable(stringStatus, "http_status must be an integer, got a string", WRONG_TYPE).build(),
            readable(fractionStatus, "http_status must be an integer, got \"201.5\"", WRONG_TYPE).build(),
            readable(wholeDecimalStatus, "http_status must be an integer, got \"201.0\"", WRONG_TYPE).build(),
            readable(stringLatency, "latency_ms must be a number, got a string", WRONG_TYPE).build(),
            readable(booleanLatency, "latency_ms must be a number, got a boolean", WRONG_TYPE).build(),
            failure(arrayTimestamp, "timestamp must be a string or an integer, got an array", WRONG_TYPE)
                .setRecordId("L-0001").build()),
        Map.of(WRONG_TYPE, 9L));
  }

  @Test
  public void numbersOutOfRangeAreQuarantinedAndInRangeOnesKept() {
    RawRecord beyondAnInt = appLogLine(1, APP_LOG.with("http_status", "3000000000"));
    RawRecord beyondADouble = appLogLine(2, APP_LOG.with("latency_ms", "1E+400"));
    // out of the rules' ranges but readable: the rules judge them (OpsRulesTest)
    RawRecord negative = appLogLine(3, APP_LOG.with("http_status", "-1").with("latency_ms", "-0.25"));
    RawRecord integerLatency = appLogLine(4, APP_LOG.with("latency_ms", "12"));
    RawRecord exponentLatency = appLogLine(5, APP_LOG.with("latency_ms", "1.25E1"));

    expect(
        p,
        parse(beyondAnInt, beyondADouble, negative, integerLatency, exponentLatency),
        List.of(
            appLog(negative).setHttpStatus(-1).setLatencyMs(-0.25).build(),
            appLog(integerLatency).setLatencyMs(12.0).build(),
            appLog(exponentLatency).build()),
        List.of(
            readable(beyondAnInt, "http_status \"3000000000\" is out of range", BAD_AMOUNT).build(),
            readable(beyondADouble, "latency_ms \"Infinity\" is out of range", BAD_AMOUNT).build()),
        Map.of(BAD_AMOUNT, 2L));
  }

  @Test
  public void badTimestampsAreQuarantinedWithoutAnEventTime() {
    RawRecord localTime = appLogLine(1, APP_LOG.with("timestamp", "\"2026-11-20T10:00:00\""));
    RawRecord fractionalMillis = appLogLine(2, APP_LOG.with("timestamp", "1795168800000.5"));
    RawRecord year10000 = appLogLine(3, APP_LOG.with("timestamp", "\"+10000-01-01T00:00:00Z\""));

    expect(
        p,
        parse(localTime, fractionalMillis, year10000),
        List.of(),
        List.of(
            badTime(localTime, "\"2026-11-20T10:00:00\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badTime(fractionalMillis, "\"1795168800000.5\" is not whole epoch milliseconds"),
            badTime(year10000, "\"+10000-01-01T00:00:00Z\" is outside the years 0001 to 9999")),
        Map.of(BAD_EVENT_TIME, 3L));
  }

  @Test
  public void everyReasonThatAppliesIsListedInOrder() {
    RawRecord broken = appLogLine(1, BARE.without("host").with("level", "3").with("latency_ms", "1E+400")
        .with("timestamp", "\"soon\""));

    expect(
        p,
        parse(broken),
        List.of(),
        List.of(
            failure(
                    broken,
                    "missing required field host; level must be a string, got a number;"
                        + " latency_ms \"Infinity\" is out of range;"
                        + " timestamp \"soon\" is neither ISO-8601 with an offset nor epoch milliseconds",
                    MISSING_FIELD, WRONG_TYPE, BAD_AMOUNT, BAD_EVENT_TIME)
                .build()),
        Map.of(MISSING_FIELD, 1L, WRONG_TYPE, 1L, BAD_AMOUNT, 1L, BAD_EVENT_TIME, 1L));
  }

  private WithFailures.Result<PCollection<AppLog>, FailedRecord> parse(RawRecord... records) {
    return p.apply(Create.of(Arrays.asList(records))).apply("ParseAppLogs", Domains.APP_LOGS.parse());
  }

  /** The line {@code raw} parses to when it holds {@link #BARE}: keyed by {@link #BARE_KEY}. */
  private static AppLog.Builder bare(RawRecord raw) {
    return appLog(raw).setLogId(null).setLogKey(BARE_KEY).setTraceId(null).setHttpStatus(null).setLatencyMs(null);
  }

  /** A PARSE failure of {@code raw} in which the fixture's log_id and timestamp were readable. */
  private static FailedRecord.Builder readable(RawRecord raw, String error, ParseReason... reasons) {
    return failure(raw, error, reasons).setRecordId("L-0001").setEventTime(TIMESTAMP);
  }

  private static FailedRecord badTime(RawRecord raw, String problem) {
    return failure(raw, "timestamp " + problem, BAD_EVENT_TIME).setRecordId("L-0001").build();
  }

  /** {@code sha256:} and the hex SHA-256 of {@code content}, computed here apart from the code under test. */
  private static String sha256(String content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
