package dev.finpipe.parse;

import static dev.finpipe.testing.TestRecords.EVENT_TIME;
import static dev.finpipe.testing.TestRecords.VALID_JSON;
import static dev.finpipe.testing.TestRecords.jsonWith;
import static dev.finpipe.testing.TestRecords.jsonWithout;
import static dev.finpipe.testing.TestRecords.raw;
import static dev.finpipe.testing.TestRecords.transaction;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.Counters;
import dev.finpipe.testing.TestRecords;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ParseTransactionsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void validRecordWithAllFieldsIsParsed() {
    expectOnlyParsed(parse(raw(VALID_JSON)), transaction().build());
  }

  @Test
  public void absentOrNullOptionalFieldsAreNull() {
    RawRecord absent = raw(1, jsonWithout("channel", "merchant", "country"));
    RawRecord nullChannel = raw(2, jsonWith("channel", "null"));

    expectOnlyParsed(
        parse(absent, nullChannel),
        transaction(absent).setChannel(null).setMerchant(null).setCountry(null).build(),
        transaction(nullChannel).setChannel(null).build());
  }

  @Test
  public void numberAndStringAmountsStayExact() {
    RawRecord decimalString = raw(1, jsonWith("amount", "\"0.10\""));
    RawRecord decimalNumber = raw(2, jsonWith("amount", "125.40"));
    RawRecord integerNumber = raw(3, jsonWith("amount", "100"));
    RawRecord exponentNumber = raw(4, jsonWith("amount", "1.5E+2"));
    RawRecord negativeString = raw(5, jsonWith("amount", "\"-3.00\""));

    // BigDecimal.equals compares scale too: 0.10 does not equal 0.1
    expectOnlyParsed(
        parse(decimalString, decimalNumber, integerNumber, exponentNumber, negativeString),
        transaction(decimalString).setAmount(new BigDecimal("0.10")).build(),
        transaction(decimalNumber).setAmount(new BigDecimal("125.40")).build(),
        transaction(integerNumber).setAmount(new BigDecimal("100")).build(),
        transaction(exponentNumber).setAmount(new BigDecimal("150")).build(),
        transaction(negativeString).setAmount(new BigDecimal("-3.00")).build());
  }

  @Test
  public void eventTimeIsReadFromIsoWithOffsetOrEpochMillis() {
    String millis = String.valueOf(EVENT_TIME.getMillis());
    RawRecord utc = raw(1, jsonWith("event_time", "\"2026-11-22T20:15:03.123Z\""));
    RawRecord offset = raw(2, jsonWith("event_time", "\"2026-11-22T15:15:03.123-05:00\""));
    RawRecord epochNumber = raw(3, jsonWith("event_time", millis));
    RawRecord epochString = raw(4, jsonWith("event_time", "\"" + millis + "\""));
    RawRecord microseconds = raw(5, jsonWith("event_time", "\"2026-11-23T01:45:03.123999+05:30\""));

    expectOnlyParsed(
        parse(utc, offset, epochNumber, epochString, microseconds),
        transaction(utc).build(),
        transaction(offset).build(),
        transaction(epochNumber).build(),
        transaction(epochString).build(),
        transaction(microseconds).build());
  }

  @Test
  public void unknownExtraFieldsAreIgnored() {
    RawRecord extra = raw(jsonWith("loyalty", "{\"tier\":\"GOLD\",\"points\":[1,2.5,null]}"));

    expectOnlyParsed(parse(extra), transaction(extra).build());
  }

  @Test
  public void stringsAreKeptAsGiven() {
    RawRecord odd = raw(jsonWith("currency", "\" pen \"").replace("\"PURCHASE\"", "\"purchase\""));
    RawRecord blank = raw(2, jsonWith("account_id", "\"\""));

    expectOnlyParsed(
        parse(odd, blank),
        transaction(odd).setCurrency(" pen ").setType("purchase").build(),
        transaction(blank).setAccountId("").build());
  }

  @Test
  public void malformedJsonIsQuarantinedWithItsPosition() {
    RawRecord truncated = raw(1, "{\"transaction_id\":\"tx-0001\",\"amount\":");
    RawRecord trailing = raw(2, VALID_JSON + " x");
    RawRecord duplicate = raw(3, jsonWith("note", "1").replace("\"note\"", "\"amount\""));
    RawRecord empty = raw(4, "");
    int end = VALID_JSON.length() + 1; // the column just past the valid JSON

    expectOnlyFailuresWithErrorPrefixes(
        parse(truncated, trailing, duplicate, empty),
        failure(truncated, "malformed JSON at column 38: Unexpected end-of-input", "MALFORMED_JSON").build(),
        failure(trailing, "malformed JSON at column " + (end + 2) + ": Unrecognized token 'x'", "MALFORMED_JSON")
            .build(),
        failure(duplicate, "malformed JSON at column " + (end + 8) + ": Duplicate field 'amount'", "MALFORMED_JSON")
            .build(),
        failure(empty, "malformed JSON: the payload is empty", "MALFORMED_JSON").build());
  }

  @Test
  public void jsonArrayAndScalarsAreNotObjects() {
    RawRecord array = raw(1, "[" + VALID_JSON + "]");
    RawRecord string = raw(2, "\"tx-0001\"");
    RawRecord nothing = raw(3, "null");

    expectOnlyFailures(
        parse(array, string, nothing),
        failure(array, "expected a JSON object, got an array", "NOT_AN_OBJECT").build(),
        failure(string, "expected a JSON object, got a string", "NOT_AN_OBJECT").build(),
        failure(nothing, "expected a JSON object, got null", "NOT_AN_OBJECT").build());
  }

  @Test
  public void missingRequiredFieldsAreNamedUnderOneReason() {
    RawRecord twoMissing = raw(1, jsonWithout("account_id", "currency"));
    RawRecord nullUser = raw(2, jsonWith("user_id", "null"));
    RawRecord empty = raw(3, "{}");

    expectOnlyFailures(
        parse(twoMissing, nullUser, empty),
        readableFailure(twoMissing, "missing required fields account_id, currency", "MISSING_FIELD").build(),
        readableFailure(nullUser, "missing required field user_id", "MISSING_FIELD").build(),
        failure(
                empty,
                "missing required fields transaction_id, account_id, user_id, amount, currency, type, status,"
                    + " event_time",
                "MISSING_FIELD")
            .build());
  }

  @Test
  public void wrongTypesAreQuarantined() {
    RawRecord booleanAmountObjectTime =
        raw(1, jsonWith("amount", "true").replace("\"2026-11-22T20:15:03.123Z\"", "{\"at\":0}"));
    RawRecord numericId = raw(2, jsonWith("transaction_id", "42"));
    RawRecord arrayCountry = raw(3, jsonWith("country", "[\"PE\"]"));

    expectOnlyFailures(
        parse(booleanAmountObjectTime, numericId, arrayCountry),
        readableFailure(
                booleanAmountObjectTime,
                "amount must be a number or a decimal string, got a boolean;"
                    + " event_time must be a string or an integer, got an object",
                "WRONG_TYPE")
            .setEventTime(null)
            .build(),
        readableFailure(numericId, "transaction_id must be a string, got a number", "WRONG_TYPE")
            .setRecordId(null)
            .build(),
        readableFailure(arrayCountry, "country must be a string, got an array", "WRONG_TYPE").build());
  }

  @Test
  public void unreadableAmountsAndEventTimesAreQuarantined() {
    RawRecord commaAmount = raw(1, jsonWith("amount", "\"12,50\""));
    RawRecord localTime = raw(2, jsonWith("event_time", "\"2026-11-22T20:15:03\""));
    RawRecord fractionalMillis = raw(3, jsonWith("event_time", "1795378503123.5"));

    expectOnlyFailures(
        parse(commaAmount, localTime, fractionalMillis),
        readableFailure(commaAmount, "amount \"12,50\" is not a decimal number", "BAD_AMOUNT").build(),
        readableFailure(
                localTime,
                "event_time \"2026-11-22T20:15:03\" is neither ISO-8601 with an offset nor epoch milliseconds",
                "BAD_EVENT_TIME")
            .setEventTime(null)
            .build(),
        readableFailure(
                fractionalMillis,
                "event_time \"1795378503123.5\" is not whole epoch milliseconds",
                "BAD_EVENT_TIME")
            .setEventTime(null)
            .build());
  }

  @Test
  public void everyReasonThatAppliesIsListedInOrder() {
    RawRecord broken =
        raw("{\"event_time\":true,\"currency\":7,\"amount\":\"abc\",\"transaction_id\":\"tx-9\",\"extra\":1}");

    expectOnlyFailures(
        parse(broken),
        failure(
                broken,
                "missing required fields account_id, user_id, type, status;"
                    + " currency must be a string, got a number;"
                    + " event_time must be a string or an integer, got a boolean;"
                    + " amount \"abc\" is not a decimal number",
                "MISSING_FIELD",
                "WRONG_TYPE",
                "BAD_AMOUNT")
            .setRecordId("tx-9")
            .build());
  }

  @Test
  public void hugePayloadIsTruncatedInTheFailure() {
    String huge = "{\"transaction_id\":\"tx-0001\",\"note\":\"" + "x".repeat(70_000);
    RawRecord unterminated = raw(huge);

    expectOnlyFailuresWithErrorPrefixes(
        parse(unterminated),
        FailedRecord.builder()
            .setStage(FailedRecord.Stage.PARSE)
            .setReasons(List.of("MALFORMED_JSON"))
            .setError("malformed JSON at column 70037: Unexpected end-of-input")
            .setPayload(huge.substring(0, FailedRecord.MAX_PAYLOAD_BYTES))
            .setPayloadTruncated(true)
            .setSourceRef(unterminated.getSourceRef())
            .setIngestedAt(unterminated.getIngestedAt())
            .build());
  }

  @Test
  public void fixtureWithEveryKindOfBadLineKeepsEachLineItsReasons() {
    List<RawRecord> lines = TestRecords.lines(ParseTransactionsTest.class, "every-kind.jsonl");
    String file = lines.get(0).getSourceRef().getSource();

    WithFailures.Result<PCollection<Transaction>, FailedRecord> result = parse(lines.toArray(RawRecord[]::new));

    PAssert.that(result.output())
        .containsInAnyOrder(
            transaction(lines.get(0)).build(),
            transaction(lines.get(7))
                .setTransactionId("tx-0008")
                .setAccountId("ACC-000777")
                .setAmount(new BigDecimal("99.90"))
                .setCurrency("USD")
                .setType("REFUND")
                .setStatus("PENDING")
                .setChannel(null)
                .setMerchant(null)
                .setCountry(null)
                .build());
    PAssert.that(
            result
                .failures()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(f -> f.getSourceRef() + " " + f.getStage() + " " + f.getReasons())))
        .containsInAnyOrder(
            file + ":2 PARSE [MALFORMED_JSON]",
            file + ":3 PARSE [NOT_AN_OBJECT]",
            file + ":4 PARSE [MISSING_FIELD]",
            file + ":5 PARSE [WRONG_TYPE]",
            file + ":6 PARSE [BAD_AMOUNT]",
            file + ":7 PARSE [BAD_EVENT_TIME]");
    p.run();
  }

  @Test
  public void countersCountParsedRecordsAndEachReason() {
    RawRecord valid = raw(1, VALID_JSON);
    RawRecord otherValid = raw(2, jsonWith("transaction_id", "\"tx-0002\""));
    RawRecord missing = raw(3, jsonWithout("amount"));
    RawRecord array = raw(4, "[]");

    WithFailures.Result<PCollection<Transaction>, FailedRecord> result = parse(valid, otherValid, missing, array);

    PAssert.that(result.output())
        .containsInAnyOrder(
            transaction(valid).build(), transaction(otherValid).setTransactionId("tx-0002").build());
    PAssert.that(result.failures())
        .containsInAnyOrder(
            readableFailure(missing, "missing required field amount", "MISSING_FIELD").build(),
            failure(array, "expected a JSON object, got an array", "NOT_AN_OBJECT").build());
    PipelineResult run = p.run();

    assertCounters(
        run,
        Map.of(
            "parsed", 2L,
            "failed", 2L,
            "failed_MISSING_FIELD", 1L,
            "failed_NOT_AN_OBJECT", 1L,
            "failed_MALFORMED_JSON", 0L));
  }

  private static void assertCounters(PipelineResult run, Map<String, Long> expected) {
    assertEquals(expected, Counters.values(run, ParseRecords.class, expected.keySet()));
  }

  /** Asserts that the run parses exactly {@code expected} and refuses nothing. */
  private void expectOnlyParsed(
      WithFailures.Result<PCollection<Transaction>, FailedRecord> result, Transaction... expected) {
    PAssert.that(result.output()).containsInAnyOrder(expected);
    PAssert.that(result.failures()).empty();
    p.run();
  }

  /** Asserts that the run parses nothing and refuses exactly {@code expected}. */
  private void expectOnlyFailures(
      WithFailures.Result<PCollection<Transaction>, FailedRecord> result, FailedRecord... expected) {
    PAssert.that(result.output()).empty();
    PAssert.that(result.failures()).containsInAnyOrder(expected);
    p.run();
  }

  private WithFailures.Result<PCollection<Transaction>, FailedRecord> parse(RawRecord... records) {
    return p.apply(Create.of(Arrays.asList(records))).apply("ParseTransactions", ParseRecords.transactions());
  }

  /** A PARSE failure of {@code raw}, with neither transaction id nor event time until the test sets them. */
  private static FailedRecord.Builder failure(RawRecord raw, String error, String... reasons) {
    return FailedRecord.of(FailedRecord.Stage.PARSE, List.of(reasons), error, raw).toBuilder();
  }

  /** A PARSE failure of {@code raw} in which the transaction id and event time of {@code VALID_JSON} were readable. */
  private static FailedRecord.Builder readableFailure(RawRecord raw, String error, String... reasons) {
    return failure(raw, error, reasons).setRecordId("tx-0001").setEventTime(EVENT_TIME);
  }

  /**
   * Asserts that the run parses nothing and refuses records matching {@code expected} by source line: equal but for
   * the error, which must start with the expected one (Jackson words the rest).
   */
  private void expectOnlyFailuresWithErrorPrefixes(
      WithFailures.Result<PCollection<Transaction>, FailedRecord> result, FailedRecord... expected) {
    PAssert.that(result.output()).empty();
    PAssert.that(result.failures()).satisfies(matchingWithErrorPrefixes(new ArrayList<>(Arrays.asList(expected))));
    p.run();
  }

  private static SerializableFunction<Iterable<FailedRecord>, Void> matchingWithErrorPrefixes(
      List<FailedRecord> wanted) {
    return failures -> {
      List<FailedRecord> actual = new ArrayList<>();
      failures.forEach(actual::add);
      actual.sort(Comparator.comparingLong(f -> f.getSourceRef().getOffset()));
      assertEquals(wanted.size(), actual.size());
      for (int i = 0; i < wanted.size(); i++) {
        assertEquals(wanted.get(i).toBuilder().setError("").build(), actual.get(i).toBuilder().setError("").build());
        assertThat(actual.get(i).getError(), startsWith(wanted.get(i).getError()));
      }
      return null;
    };
  }
}
