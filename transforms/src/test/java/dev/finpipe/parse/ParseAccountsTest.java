package dev.finpipe.parse;

import static dev.finpipe.parse.ParseChecks.expect;
import static dev.finpipe.parse.ParseChecks.failure;
import static dev.finpipe.parse.ParseReason.BAD_EVENT_TIME;
import static dev.finpipe.parse.ParseReason.MALFORMED_JSON;
import static dev.finpipe.parse.ParseReason.MISSING_FIELD;
import static dev.finpipe.parse.ParseReason.NOT_AN_OBJECT;
import static dev.finpipe.parse.ParseReason.WRONG_TYPE;
import static dev.finpipe.testing.ChangeRecords.ACCOUNT_DELETE;
import static dev.finpipe.testing.ChangeRecords.ACCOUNT_UPSERT;
import static dev.finpipe.testing.ChangeRecords.UPDATED_AT;
import static dev.finpipe.testing.ChangeRecords.account;
import static dev.finpipe.testing.ChangeRecords.accountDelete;
import static dev.finpipe.testing.ChangeRecords.accountLine;

import dev.finpipe.domain.Domains;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import java.util.Arrays;
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

/** The accounts' input contract, through {@code Domains.ACCOUNTS.parse()}: every output and counter in full. */
@RunWith(JUnit4.class)
public class ParseAccountsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void validUpsertIsParsedWithEveryAttribute() {
    RawRecord upsert = accountLine(1, ACCOUNT_UPSERT);

    expect(p, parse(upsert), List.of(account(upsert).build()), List.of(), Map.of());
  }

  @Test
  public void deleteCarryingOnlyIdUpdatedAtAndOpIsParsed() {
    RawRecord delete = accountLine(1, ACCOUNT_DELETE);
    RawRecord deleteWithNulls = accountLine(2, ACCOUNT_DELETE.with("opened_at", "null").with("currency", "null"));

    expect(
        p,
        parse(delete, deleteWithNulls),
        List.of(accountDelete(delete).build(), accountDelete(deleteWithNulls).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void deleteKeepsTheAttributesItCarriesAsGiven() {
    RawRecord delete =
        accountLine(1, ACCOUNT_UPSERT.with("op", "\"DELETE\"").with("currency", "\"XXX\"").without("opened_at"));

    expect(
        p,
        parse(delete),
        List.of(account(delete).setOp("DELETE").setCurrency("XXX").setOpenedAt(null).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void timesAreReadFromIsoWithOffsetOrEpochMillis() {
    // 2026-11-20T10:00:00.000Z is 1795168800000 ms after the epoch, 2025-03-01T09:00:00.000Z 1740819600000
    RawRecord offsets =
        accountLine(
            1,
            ACCOUNT_UPSERT
                .with("updated_at", "\"2026-11-20T05:00:00-05:00\"")
                .with("opened_at", "\"2025-03-01T14:30:00+05:30\""));
    RawRecord millisNumbers =
        accountLine(2, ACCOUNT_UPSERT.with("updated_at", "1795168800000").with("opened_at", "1740819600000"));
    RawRecord millisStrings =
        accountLine(3, ACCOUNT_UPSERT.with("updated_at", "\"1795168800000\"").with("opened_at", "\"1740819600000\""));
    RawRecord deleteMillis = accountLine(4, ACCOUNT_DELETE.with("updated_at", "1795168800000"));
    RawRecord millisDecimals =
        accountLine(5, ACCOUNT_UPSERT.with("updated_at", "1.7951688E+12").with("opened_at", "1740819600000.000"));

    expect(
        p,
        parse(offsets, millisNumbers, millisStrings, deleteMillis, millisDecimals),
        List.of(
            account(offsets).build(),
            account(millisNumbers).build(),
            account(millisStrings).build(),
            accountDelete(deleteMillis).build(),
            account(millisDecimals).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void malformedJsonIsQuarantinedWithNoIdOrTime() {
    RawRecord noComma = accountLine(1, "{\"account_id\":\"ACC-000123\" \"op\":\"DELETE\"}");
    RawRecord trailing = accountLine(2, ACCOUNT_DELETE + "{}");
    RawRecord blank = accountLine(3, "   ");

    expect(
        p,
        parse(noComma, trailing, blank),
        List.of(),
        List.of(
            failure(
                    noComma,
                    "malformed JSON at column 29: Unexpected character ('\"' (code 34)):"
                        + " was expecting comma to separate Object entries",
                    MALFORMED_JSON)
                .build(),
            failure(
                    trailing,
                    "malformed JSON at column 82: Trailing token (of type START_OBJECT) found after value"
                        + " (bound as `com.fasterxml.jackson.databind.JsonNode`):"
                        + " not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                    MALFORMED_JSON)
                .build(),
            failure(blank, "malformed JSON: the payload is empty", MALFORMED_JSON).build()),
        Map.of(MALFORMED_JSON, 3L));
  }

  @Test
  public void jsonThatIsNotAnObjectIsQuarantined() {
    RawRecord array = accountLine(1, "[]");
    RawRecord bool = accountLine(2, "true");
    RawRecord nothing = accountLine(3, "null");

    expect(
        p,
        parse(array, bool, nothing),
        List.of(),
        List.of(
            failure(array, "expected a JSON object, got an array", NOT_AN_OBJECT).build(),
            failure(bool, "expected a JSON object, got a boolean", NOT_AN_OBJECT).build(),
            failure(nothing, "expected a JSON object, got null", NOT_AN_OBJECT).build()),
        Map.of(NOT_AN_OBJECT, 3L));
  }

  @Test
  public void eachAlwaysRequiredFieldIsRequiredOnUpsertAndDelete() {
    RawRecord noId = accountLine(1, ACCOUNT_DELETE.without("account_id"));
    RawRecord noUpdatedAt = accountLine(2, ACCOUNT_UPSERT.without("updated_at"));
    RawRecord nullUpdatedAt = accountLine(3, ACCOUNT_DELETE.with("updated_at", "null"));
    RawRecord noOp = accountLine(4, ACCOUNT_UPSERT.without("op"));
    RawRecord empty = accountLine(5, "{}");

    expect(
        p,
        parse(noId, noUpdatedAt, nullUpdatedAt, noOp, empty),
        List.of(),
        List.of(
            failure(noId, "missing required field account_id", MISSING_FIELD).setEventTime(UPDATED_AT).build(),
            failure(noUpdatedAt, "missing required field updated_at", MISSING_FIELD)
                .setRecordId("ACC-000123")
                .build(),
            failure(nullUpdatedAt, "missing required field updated_at", MISSING_FIELD)
                .setRecordId("ACC-000123")
                .build(),
            // without an op the record is no UPSERT, so only op is missing
            readable(noOp, "missing required field op", MISSING_FIELD).build(),
            failure(empty, "missing required fields account_id, updated_at, op", MISSING_FIELD).build()),
        Map.of(MISSING_FIELD, 5L));
  }

  @Test
  public void eachUpsertAttributeIsRequiredOnAnUpsert() {
    List<String> attributes = List.of("customer_id", "account_type", "currency", "status", "opened_at");
    RawRecord[] lines = new RawRecord[attributes.size() + 2];
    FailedRecord[] failures = new FailedRecord[lines.length];
    for (int i = 0; i < attributes.size(); i++) {
      lines[i] = accountLine(i + 1, ACCOUNT_UPSERT.without(attributes.get(i)));
      failures[i] = readable(lines[i], "missing required field " + attributes.get(i), MISSING_FIELD).build();
    }
    lines[5] = accountLine(6, ACCOUNT_UPSERT.with("opened_at", "null"));
    failures[5] = readable(lines[5], "missing required field opened_at", MISSING_FIELD).build();
    lines[6] = accountLine(7, ACCOUNT_DELETE.with("op", "\"UPSERT\""));
    failures[6] =
        readable(
                lines[6],
                "missing required fields customer_id, account_type, currency, status, opened_at",
                MISSING_FIELD)
            .build();

    expect(p, parse(lines), List.of(), List.of(failures), Map.of(MISSING_FIELD, 7L));
  }

  @Test
  public void upsertAttributesAreNotRequiredOnADelete() {
    RawRecord upsert = accountLine(1, ACCOUNT_DELETE.with("op", "\"UPSERT\"").with("customer_id", "\"C-000001\""));
    RawRecord delete = accountLine(2, ACCOUNT_DELETE.with("customer_id", "\"C-000001\""));
    // an op other than UPSERT requires no attributes either: the rule op_known refuses it after parsing
    RawRecord lowerCase = accountLine(3, ACCOUNT_DELETE.with("op", "\"upsert\""));

    expect(
        p,
        parse(upsert, delete, lowerCase),
        List.of(
            accountDelete(delete).setCustomerId("C-000001").build(), accountDelete(lowerCase).setOp("upsert").build()),
        List.of(
            readable(upsert, "missing required fields account_type, currency, status, opened_at", MISSING_FIELD)
                .build()),
        Map.of(MISSING_FIELD, 1L));
  }

  @Test
  public void wrongTypesAreQuarantined() {
    RawRecord numberId = accountLine(1, ACCOUNT_UPSERT.with("account_id", "123"));
    RawRecord objectUpdatedAt = accountLine(2, ACCOUNT_UPSERT.with("updated_at", "{\"date\":\"2026-11-20\"}"));
    RawRecord numberCustomer = accountLine(3, ACCOUNT_UPSERT.with("customer_id", "1"));
    RawRecord booleanOpenedAt = accountLine(4, ACCOUNT_UPSERT.with("opened_at", "false"));
    RawRecord arrayOpenedAtOnDelete = accountLine(5, ACCOUNT_DELETE.with("opened_at", "[2025]"));

    expect(
        p,
        parse(numberId, objectUpdatedAt, numberCustomer, booleanOpenedAt, arrayOpenedAtOnDelete),
        List.of(),
        List.of(
            failure(numberId, "account_id must be a string, got a number", WRONG_TYPE)
                .setEventTime(UPDATED_AT)
                .build(),
            failure(objectUpdatedAt, "updated_at must be a string or an integer, got an object", WRONG_TYPE)
                .setRecordId("ACC-000123")
                .build(),
            readable(numberCustomer, "customer_id must be a string, got a number", WRONG_TYPE).build(),
            readable(booleanOpenedAt, "opened_at must be a string or an integer, got a boolean", WRONG_TYPE).build(),
            readable(arrayOpenedAtOnDelete, "opened_at must be a string or an integer, got an array", WRONG_TYPE)
                .build()),
        Map.of(WRONG_TYPE, 5L));
  }

  @Test
  public void openedAtThatIsNotATimeIsQuarantinedKeepingTheEventTime() {
    RawRecord words = accountLine(1, ACCOUNT_UPSERT.with("opened_at", "\"last spring\""));
    RawRecord localDate = accountLine(2, ACCOUNT_UPSERT.with("opened_at", "\"01/03/2025\""));
    RawRecord noOffset = accountLine(3, ACCOUNT_UPSERT.with("opened_at", "\"2025-03-01T09:00:00\""));
    RawRecord onDelete = accountLine(4, ACCOUNT_DELETE.with("opened_at", "\"2025-03-01\""));
    RawRecord year10000 = accountLine(5, ACCOUNT_UPSERT.with("opened_at", "\"+10000-03-01T09:00:00Z\""));

    expect(
        p,
        parse(words, localDate, noOffset, onDelete, year10000),
        List.of(),
        List.of(
            badOpenedAt(words, "\"last spring\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badOpenedAt(localDate, "\"01/03/2025\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badOpenedAt(noOffset, "\"2025-03-01T09:00:00\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badOpenedAt(onDelete, "\"2025-03-01\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badOpenedAt(year10000, "\"+10000-03-01T09:00:00Z\" is outside the years 0001 to 9999")),
        Map.of(BAD_EVENT_TIME, 5L));
  }

  @Test
  public void badUpdatedAtIsQuarantinedWithoutAnEventTime() {
    RawRecord noOffset = accountLine(1, ACCOUNT_UPSERT.with("updated_at", "\"2026-11-20 10:00:00Z\""));
    RawRecord fractionalMillis = accountLine(2, ACCOUNT_DELETE.with("updated_at", "1795168800000.25"));
    RawRecord millisAfter9999 = accountLine(3, ACCOUNT_DELETE.with("updated_at", "\"253402300800000\""));
    RawRecord pastALong = accountLine(4, ACCOUNT_DELETE.with("updated_at", "99999999999999999999"));
    RawRecord year0 = accountLine(5, ACCOUNT_DELETE.with("updated_at", "\"0000-12-31T23:59:59.999Z\""));

    expect(
        p,
        parse(noOffset, fractionalMillis, millisAfter9999, pastALong, year0),
        List.of(),
        List.of(
            badUpdatedAt(
                noOffset, "\"2026-11-20 10:00:00Z\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badUpdatedAt(fractionalMillis, "\"1795168800000.25\" is not whole epoch milliseconds"),
            badUpdatedAt(millisAfter9999, "\"253402300800000\" is outside the years 0001 to 9999"),
            badUpdatedAt(pastALong, "\"99999999999999999999\" is outside the years 0001 to 9999"),
            badUpdatedAt(year0, "\"0000-12-31T23:59:59.999Z\" is outside the years 0001 to 9999")),
        Map.of(BAD_EVENT_TIME, 5L));
  }

  @Test
  public void everyReasonThatAppliesIsListedInOrder() {
    RawRecord broken =
        accountLine(
            1,
            ACCOUNT_UPSERT
                .without("currency")
                .with("status", "0")
                .with("opened_at", "\"never\"")
                .with("updated_at", "\"now\""));

    expect(
        p,
        parse(broken),
        List.of(),
        List.of(
            failure(
                    broken,
                    "missing required field currency;"
                        + " status must be a string, got a number;"
                        + " updated_at \"now\" is neither ISO-8601 with an offset nor epoch milliseconds;"
                        + " opened_at \"never\" is neither ISO-8601 with an offset nor epoch milliseconds",
                    MISSING_FIELD,
                    WRONG_TYPE,
                    BAD_EVENT_TIME)
                .setRecordId("ACC-000123")
                .build()),
        Map.of(MISSING_FIELD, 1L, WRONG_TYPE, 1L, BAD_EVENT_TIME, 1L));
  }

  @Test
  public void countersCountEachOutcomeOfAMixedBatch() {
    RawRecord upsert = accountLine(1, ACCOUNT_UPSERT);
    RawRecord delete = accountLine(2, ACCOUNT_DELETE.with("account_id", "\"ACC-000124\""));
    RawRecord upsertMillis = accountLine(3, ACCOUNT_UPSERT.with("updated_at", "1795168800000"));
    RawRecord notObject = accountLine(4, "\"ACC-000123\"");
    RawRecord noCurrencyBadOpenedAt = accountLine(5, ACCOUNT_UPSERT.without("currency").with("opened_at", "\"x\""));
    RawRecord noStatus = accountLine(6, ACCOUNT_UPSERT.without("status"));

    expect(
        p,
        parse(upsert, delete, upsertMillis, notObject, noCurrencyBadOpenedAt, noStatus),
        List.of(
            account(upsert).build(),
            accountDelete(delete).setAccountId("ACC-000124").build(),
            account(upsertMillis).build()),
        List.of(
            failure(notObject, "expected a JSON object, got a string", NOT_AN_OBJECT).build(),
            readable(
                    noCurrencyBadOpenedAt,
                    "missing required field currency;"
                        + " opened_at \"x\" is neither ISO-8601 with an offset nor epoch milliseconds",
                    MISSING_FIELD,
                    BAD_EVENT_TIME)
                .build(),
            readable(noStatus, "missing required field status", MISSING_FIELD).build()),
        Map.of(NOT_AN_OBJECT, 1L, MISSING_FIELD, 2L, BAD_EVENT_TIME, 1L));
  }

  private WithFailures.Result<PCollection<AccountChange>, FailedRecord> parse(RawRecord... records) {
    return p.apply(Create.of(Arrays.asList(records))).apply("ParseAccounts", Domains.ACCOUNTS.parse());
  }

  /** A PARSE failure of {@code raw} in which the fixture's account id and updated_at were readable. */
  private static FailedRecord.Builder readable(RawRecord raw, String error, ParseReason... reasons) {
    return failure(raw, error, reasons).setRecordId("ACC-000123").setEventTime(UPDATED_AT);
  }

  private static FailedRecord badOpenedAt(RawRecord raw, String problem) {
    return readable(raw, "opened_at " + problem, BAD_EVENT_TIME).build();
  }

  private static FailedRecord badUpdatedAt(RawRecord raw, String problem) {
    return failure(raw, "updated_at " + problem, BAD_EVENT_TIME).setRecordId("ACC-000123").build();
  }
}
