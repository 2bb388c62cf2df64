package dev.finpipe.parse;

import static dev.finpipe.testing.TestRecords.jsonWith;
import static dev.finpipe.testing.TestRecords.raw;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import java.util.List;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Edge cases of the input contract, read without a pipeline; {@link ParseTransactionsTest} covers the transform. */
@RunWith(JUnit4.class)
public class TransactionReaderTest {
  private final TransactionReader reader = new TransactionReader();

  @Test
  public void exponentAmountsAreExactWithScaleAtLeastZero() {
    assertEquals(new BigDecimal("100"), amount("1E+2"));
    assertEquals(new BigDecimal("15.0"), amount("1.50e1"));
    assertEquals(new BigDecimal("0.250"), amount("\"2.50e-1\""));
    assertEquals(new BigDecimal("7.50"), amount("\"007.50\""));
  }

  @Test
  public void amountsThatCannotBeExactDecimalsAreRefused() {
    assertFailure(jsonWith("amount", "1E+39"), "BAD_AMOUNT", "amount needs 40 digits, more than 38");
    assertFailure(jsonWith("amount", "1E+400"), "BAD_AMOUNT", "amount \"Infinity\" is out of range");
    assertFailure(jsonWith("amount", "\"1E+9999999999\""), "BAD_AMOUNT", "amount \"1E+9999999999\" is out of range");
    assertFailure(
        jsonWith("amount", "\"0." + "1".repeat(39) + "\""), "BAD_AMOUNT", "amount needs 39 digits, more than 38");
    assertFailure(jsonWith("amount", "\".5\""), "BAD_AMOUNT", "amount \".5\" is not a decimal number");
    assertFailure(jsonWith("amount", "\"NaN\""), "BAD_AMOUNT", "amount \"NaN\" is not a decimal number");
    assertFailure(jsonWith("amount", "\" 1.00\""), "BAD_AMOUNT", "amount \" 1.00\" is not a decimal number");
  }

  @Test
  public void longValuesAreQuotedBrieflyInErrors() {
    assertFailure(
        jsonWith("amount", "\"" + "9".repeat(5_000) + "x\""),
        "BAD_AMOUNT",
        "amount \"" + "9".repeat(40) + "...\" (5001 characters) is not a decimal number");
  }

  @Test
  public void eventTimesOutsideYearsOneTo9999AreRefused() {
    assertFailure(
        jsonWith("event_time", "\"+10000-01-01T00:00:00Z\""),
        "BAD_EVENT_TIME",
        "event_time \"+10000-01-01T00:00:00Z\" is outside the years 0001 to 9999");
    assertFailure(
        jsonWith("event_time", "253402300800000"),
        "BAD_EVENT_TIME",
        "event_time \"253402300800000\" is outside the years 0001 to 9999");
    assertFailure(
        jsonWith("event_time", "\"99999999999999999999\""),
        "BAD_EVENT_TIME",
        "event_time \"99999999999999999999\" is outside the years 0001 to 9999");
    assertFailure(
        jsonWith("event_time", "99999999999999999999"),
        "BAD_EVENT_TIME",
        "event_time \"99999999999999999999\" is outside the years 0001 to 9999");
  }

  @Test
  public void wholeEpochMillisWrittenWithAFractionOrAnExponentAreAccepted() {
    Instant expected = Instant.parse("2026-11-22T20:15:03.123Z"); // 1795378503123 ms after the epoch

    assertEquals(expected, reader.read(raw(jsonWith("event_time", "1795378503123.000"))).record.getEventTime());
    assertEquals(expected, reader.read(raw(jsonWith("event_time", "1.795378503123E12"))).record.getEventTime());
    assertFailure(
        jsonWith("event_time", "1.7953785031235E12"),
        "BAD_EVENT_TIME",
        "event_time \"1795378503123.5\" is not whole epoch milliseconds");
    assertFailure(
        jsonWith("event_time", "-1E+400"),
        "BAD_EVENT_TIME",
        "event_time \"-Infinity\" is outside the years 0001 to 9999");
  }

  @Test
  public void lastMillisecondOfYear9999IsAccepted() {
    RecordReader.Outcome<Transaction> outcome = reader.read(raw(jsonWith("event_time", "\"9999-12-31T23:59:59.999Z\"")));

    assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), outcome.record.getEventTime());
  }

  @Test
  public void duplicateFieldsAreMalformed() {
    FailedRecord failure = reader.read(raw("{\"amount\":\"1.00\",\"amount\":\"2.00\"}")).failure;

    assertEquals(List.of("MALFORMED_JSON"), failure.getReasons());
    assertEquals("malformed JSON at column 26: Duplicate field 'amount'", failure.getError());
  }

  private BigDecimal amount(String jsonValue) {
    return reader.read(raw(jsonWith("amount", jsonValue))).record.getAmount();
  }

  private void assertFailure(String json, String reason, String error) {
    RecordReader.Outcome<Transaction> outcome = reader.read(raw(json));
    assertNull(outcome.record);
    assertEquals(List.of(reason), outcome.failure.getReasons());
    assertEquals(error, outcome.failure.getError());
  }
}
