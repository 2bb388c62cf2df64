package dev.finpipe.parse;

import static dev.finpipe.parse.ParseChecks.expect;
import static dev.finpipe.parse.ParseChecks.failure;
import static dev.finpipe.parse.ParseReason.BAD_EVENT_TIME;
import static dev.finpipe.parse.ParseReason.MALFORMED_JSON;
import static dev.finpipe.parse.ParseReason.MISSING_FIELD;
import static dev.finpipe.parse.ParseReason.NOT_AN_OBJECT;
import static dev.finpipe.parse.ParseReason.WRONG_TYPE;
import static dev.finpipe.testing.ChangeRecords.CUSTOMER_DELETE;
import static dev.finpipe.testing.ChangeRecords.CUSTOMER_UPSERT;
import static dev.finpipe.testing.ChangeRecords.UPDATED_AT;
import static dev.finpipe.testing.ChangeRecords.customer;
import static dev.finpipe.testing.ChangeRecords.customerDelete;
import static dev.finpipe.testing.ChangeRecords.customerLine;

import dev.finpipe.domain.Domains;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.FailedRecord;
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

/** The customers' input contract, through {@code Domains.CUSTOMERS.parse()}: every output and counter in full. */
@RunWith(JUnit4.class)
public class ParseCustomersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void validUpsertIsParsedWithEveryAttribute() {
    RawRecord upsert = customerLine(1, CUSTOMER_UPSERT);

    expect(p, parse(upsert), List.of(customer(upsert).build()), List.of(), Map.of());
  }

  @Test
  public void deleteCarryingOnlyIdUpdatedAtAndOpIsParsed() {
    RawRecord delete = customerLine(1, CUSTOMER_DELETE);
    RawRecord deleteWithNulls = customerLine(2, CUSTOMER_DELETE.with("segment", "null").with("country", "null"));

    expect(
        p,
        parse(delete, deleteWithNulls),
        List.of(customerDelete(delete).build(), customerDelete(deleteWithNulls).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void deleteKeepsTheAttributesItCarriesAsGiven() {
    RawRecord delete = customerLine(1, CUSTOMER_UPSERT.with("op", "\"DELETE\"").with("segment", "\"VIP\""));

    expect(
        p, parse(delete), List.of(customer(delete).setOp("DELETE").setSegment("VIP").build()), List.of(), Map.of());
  }

  @Test
  public void updatedAtIsReadFromIsoWithOffsetOrEpochMillis() {
    // 2026-11-20T10:00:00.000Z is 1795168800000 ms after the epoch
    RawRecord offset = customerLine(1, CUSTOMER_UPSERT.with("updated_at", "\"2026-11-20T05:00:00-05:00\""));
    RawRecord millisNumber = customerLine(2, CUSTOMER_UPSERT.with("updated_at", "1795168800000"));
    RawRecord millisString = customerLine(3, CUSTOMER_DELETE.with("updated_at", "\"1795168800000\""));
    RawRecord microseconds = customerLine(4, CUSTOMER_UPSERT.with("updated_at", "\"2026-11-20T10:00:00.000999Z\""));
    // whole milliseconds written as a JSON decimal, as producers that keep times in floats write them
    RawRecord millisDecimal = customerLine(5, CUSTOMER_DELETE.with("updated_at", "1795168800000.0"));
    RawRecord millisExponent = customerLine(6, CUSTOMER_UPSERT.with("updated_at", "1.7951688E12"));

    expect(
        p,
        parse(offset, millisNumber, millisString, microseconds, millisDecimal, millisExponent),
        List.of(
            customer(offset).build(),
            customer(millisNumber).build(),
            customerDelete(millisString).build(),
            customer(microseconds).build(),
            customerDelete(millisDecimal).build(),
            customer(millisExponent).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void unknownFieldsAreIgnoredAndStringsKeptAsGiven() {
    RawRecord odd =
        customerLine(
            1, CUSTOMER_UPSERT.with("segment", "\" retail \"").with("country", "\"pe\"").with("email", "{\"a\":1}"));

    expect(p, parse(odd), List.of(customer(odd).setSegment(" retail ").setCountry("pe").build()), List.of(), Map.of());
  }

  @Test
  public void malformedJsonIsQuarantinedWithNoIdOrTime() {
    RawRecord noColon = customerLine(1, "{\"customer_id\" \"C-000001\"}");
    RawRecord empty = customerLine(2, "");

    expect(
        p,
        parse(noColon, empty),
        List.of(),
        List.of(
            failure(
                    noColon,
                    "malformed JSON at column 17: Unexpected character ('\"' (code 34)):"
                        + " was expecting a colon to separate field name and value",
                    MALFORMED_JSON)
                .build(),
            failure(empty, "malformed JSON: the payload is empty", MALFORMED_JSON).build()),
        Map.of(MALFORMED_JSON, 2L));
  }

  @Test
  public void duplicateFieldIsMalformed() {
    RawRecord duplicate = customerLine(1, CUSTOMER_DELETE.with("op", "\"UPSERT\",\"op\":\"DELETE\""));

    expect(
        p,
        parse(duplicate),
        List.of(),
        List.of(
            failure(duplicate, "malformed JSON at column 85: Duplicate field 'op'", MALFORMED_JSON).build()),
        Map.of(MALFORMED_JSON, 1L));
  }

  @Test
  public void jsonThatIsNotAnObjectIsQuarantined() {
    RawRecord array = customerLine(1, "[" + CUSTOMER_UPSERT + "]");
    RawRecord string = customerLine(2, "\"C-000001\"");
    RawRecord number = customerLine(3, "42");

    expect(
        p,
        parse(array, string, number),
        List.of(),
        List.of(
            failure(array, "expected a JSON object, got an array", NOT_AN_OBJECT).build(),
            failure(string, "expected a JSON object, got a string", NOT_AN_OBJECT).build(),
            failure(number, "expected a JSON object, got a number", NOT_AN_OBJECT).build()),
        Map.of(NOT_AN_OBJECT, 3L));
  }

  @Test
  public void eachAlwaysRequiredFieldIsRequiredOnUpsertAndDelete() {
    RawRecord noId = customerLine(1, CUSTOMER_UPSERT.without("customer_id"));
    RawRecord noUpdatedAt = customerLine(2, CUSTOMER_DELETE.without("updated_at"));
    RawRecord nullId = customerLine(3, CUSTOMER_DELETE.with("customer_id", "null"));
    RawRecord noOp = customerLine(4, CUSTOMER_UPSERT.without("op"));
    RawRecord nullOp = customerLine(5, CUSTOMER_DELETE.with("op", "null"));
    RawRecord empty = customerLine(6, "{}");

    expect(
        p,
        parse(noId, noUpdatedAt, nullId, noOp, nullOp, empty),
        List.of(),
        List.of(
            failure(noId, "missing required field customer_id", MISSING_FIELD).setEventTime(UPDATED_AT).build(),
            failure(noUpdatedAt, "missing required field updated_at", MISSING_FIELD).setRecordId("C-000001").build(),
            failure(nullId, "missing required field customer_id", MISSING_FIELD).setEventTime(UPDATED_AT).build(),
            // without an op the record is no UPSERT, so only op is missing
            readable(noOp, "missing required field op", MISSING_FIELD).build(),
            readable(nullOp, "missing required field op", MISSING_FIELD).build(),
            failure(empty, "missing required fields customer_id, updated_at, op", MISSING_FIELD).build()),
        Map.of(MISSING_FIELD, 6L));
  }

  @Test
  public void eachUpsertAttributeIsRequiredOnAnUpsert() {
    List<String> attributes = List.of("document_type", "document_id", "full_name", "segment", "status", "country");
    RawRecord[] lines = new RawRecord[attributes.size() + 2];
    FailedRecord[] failures = new FailedRecord[lines.length];
    for (int i = 0; i < attributes.size(); i++) {
      lines[i] = customerLine(i + 1, CUSTOMER_UPSERT.without(attributes.get(i)));
      failures[i] = readable(lines[i], "missing required field " + attributes.get(i), MISSING_FIELD).build();
    }
    lines[6] = customerLine(7, CUSTOMER_UPSERT.with("segment", "null"));
    failures[6] = readable(lines[6], "missing required field segment", MISSING_FIELD).build();
    lines[7] = customerLine(8, CUSTOMER_DELETE.with("op", "\"UPSERT\""));
    failures[7] =
        readable(
                lines[7],
                "missing required fields document_type, document_id, full_name, segment, status, country",
                MISSING_FIELD)
            .build();

    expect(p, parse(lines), List.of(), List.of(failures), Map.of(MISSING_FIELD, 8L));
  }

  @Test
  public void upsertAttributesAreNotRequiredOnADelete() {
    RawRecord upsert = customerLine(1, CUSTOMER_DELETE.with("op", "\"UPSERT\"").with("full_name", "\"Ana\""));
    RawRecord delete = customerLine(2, CUSTOMER_DELETE.with("full_name", "\"Ana\""));
    // an op other than UPSERT requires no attributes either: the rule op_known refuses it after parsing
    RawRecord merge = customerLine(3, CUSTOMER_DELETE.with("op", "\"MERGE\""));

    expect(
        p,
        parse(upsert, delete, merge),
        List.of(customerDelete(delete).setFullName("Ana").build(), customerDelete(merge).setOp("MERGE").build()),
        List.of(
            readable(
                    upsert,
                    "missing required fields document_type, document_id, segment, status, country",
                    MISSING_FIELD)
                .build()),
        Map.of(MISSING_FIELD, 1L));
  }

  @Test
  public void wrongTypesAreQuarantined() {
    RawRecord numberId = customerLine(1, CUSTOMER_UPSERT.with("customer_id", "1001"));
    RawRecord objectUpdatedAt = customerLine(2, CUSTOMER_DELETE.with("updated_at", "{\"ms\":1795168800000}"));
    RawRecord booleanOp = customerLine(3, CUSTOMER_DELETE.with("op", "true"));
    RawRecord arraySegment = customerLine(4, CUSTOMER_UPSERT.with("segment", "[\"RETAIL\"]"));
    // a DELETE need not carry attributes, but one it carries must have the right type
    RawRecord deleteNumberCountry = customerLine(5, CUSTOMER_DELETE.with("country", "51"));
    RawRecord twoWrong = customerLine(6, CUSTOMER_UPSERT.with("document_id", "45678912").with("status", "1"));

    expect(
        p,
        parse(numberId, objectUpdatedAt, booleanOp, arraySegment, deleteNumberCountry, twoWrong),
        List.of(),
        List.of(
            failure(numberId, "customer_id must be a string, got a number", WRONG_TYPE)
                .setEventTime(UPDATED_AT)
                .build(),
            failure(objectUpdatedAt, "updated_at must be a string or an integer, got an object", WRONG_TYPE)
                .setRecordId("C-000001")
                .build(),
            readable(booleanOp, "op must be a string, got a boolean", WRONG_TYPE).build(),
            readable(arraySegment, "segment must be a string, got an array", WRONG_TYPE).build(),
            readable(deleteNumberCountry, "country must be a string, got a number", WRONG_TYPE).build(),
            readable(
                    twoWrong,
                    "document_id must be a string, got a number; status must be a string, got a number",
                    WRONG_TYPE)
                .build()),
        Map.of(WRONG_TYPE, 6L));
  }

  @Test
  public void badUpdatedAtIsQuarantinedWithoutAnEventTime() {
    RawRecord localTime = customerLine(1, CUSTOMER_UPSERT.with("updated_at", "\"2026-11-20T10:00:00\""));
    RawRecord dateOnly = customerLine(2, CUSTOMER_DELETE.with("updated_at", "\"2026-11-20\""));
    RawRecord words = customerLine(3, CUSTOMER_DELETE.with("updated_at", "\"yesterday\""));
    RawRecord fractionalMillis = customerLine(4, CUSTOMER_DELETE.with("updated_at", "1795168800000.5"));
    RawRecord year10000 = customerLine(5, CUSTOMER_DELETE.with("updated_at", "\"+10000-01-01T00:00:00Z\""));
    RawRecord millisAfter9999 = customerLine(6, CUSTOMER_DELETE.with("updated_at", "253402300800000"));
    RawRecord millisBeforeYear1 = customerLine(7, CUSTOMER_DELETE.with("updated_at", "\"-62135596800001\""));
    RawRecord decimalAfter9999 = customerLine(8, CUSTOMER_DELETE.with("updated_at", "2.534023008E14"));
    RawRecord beyondADouble = customerLine(9, CUSTOMER_DELETE.with("updated_at", "1E+400"));

    expect(
        p,
        parse(
            localTime,
            dateOnly,
            words,
            fractionalMillis,
            year10000,
            millisAfter9999,
            millisBeforeYear1,
            decimalAfter9999,
            beyondADouble),
        List.of(),
        List.of(
            badTime(localTime, "\"2026-11-20T10:00:00\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badTime(dateOnly, "\"2026-11-20\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badTime(words, "\"yesterday\" is neither ISO-8601 with an offset nor epoch milliseconds"),
            badTime(fractionalMillis, "\"1795168800000.5\" is not whole epoch milliseconds"),
            badTime(year10000, "\"+10000-01-01T00:00:00Z\" is outside the years 0001 to 9999"),
            badTime(millisAfter9999, "\"253402300800000\" is outside the years 0001 to 9999"),
            badTime(millisBeforeYear1, "\"-62135596800001\" is outside the years 0001 to 9999"),
            badTime(decimalAfter9999, "\"2.534023008E+14\" is outside the years 0001 to 9999"),
            badTime(beyondADouble, "\"Infinity\" is outside the years 0001 to 9999")),
        Map.of(BAD_EVENT_TIME, 9L));
  }

  @Test
  public void firstAndLastMillisecondsOfTheTimeRangeAreAccepted() {
    RawRecord first = customerLine(1, CUSTOMER_DELETE.with("updated_at", "\"0001-01-01T00:00:00Z\""));
    RawRecord last = customerLine(2, CUSTOMER_DELETE.with("updated_at", "253402300799999"));

    expect(
        p,
        parse(first, last),
        List.of(
            customerDelete(first).setUpdatedAt(Instant.parse("0001-01-01T00:00:00Z")).build(),
            customerDelete(last).setUpdatedAt(Instant.parse("9999-12-31T23:59:59.999Z")).build()),
        List.of(),
        Map.of());
  }

  @Test
  public void everyReasonThatAppliesIsListedInOrder() {
    RawRecord broken =
        customerLine(
            1,
            CUSTOMER_UPSERT.without("document_type", "full_name").with("segment", "7").with("updated_at", "\"soon\""));

    expect(
        p,
        parse(broken),
        List.of(),
        List.of(
            failure(
                    broken,
                    "missing required fields document_type, full_name;"
                        + " segment must be a string, got a number;"
                        + " updated_at \"soon\" is neither ISO-8601 with an offset nor epoch milliseconds",
                    MISSING_FIELD,
                    WRONG_TYPE,
                    BAD_EVENT_TIME)
                .setRecordId("C-000001")
                .build()),
        Map.of(MISSING_FIELD, 1L, WRONG_TYPE, 1L, BAD_EVENT_TIME, 1L));
  }

  @Test
  public void countersCountEachOutcomeOfAMixedBatch() {
    RawRecord upsert = customerLine(1, CUSTOMER_UPSERT);
    RawRecord delete = customerLine(2, CUSTOMER_DELETE.with("customer_id", "\"C-000002\""));
    RawRecord malformed = customerLine(3, "{\"customer_id\":}");
    RawRecord noOp = customerLine(4, CUSTOMER_DELETE.without("op"));
    RawRecord noSegment = customerLine(5, CUSTOMER_UPSERT.without("segment"));
    RawRecord numberId = customerLine(6, CUSTOMER_DELETE.with("customer_id", "2"));

    expect(
        p,
        parse(upsert, delete, malformed, noOp, noSegment, numberId),
        List.of(customer(upsert).build(), customerDelete(delete).setCustomerId("C-000002").build()),
        List.of(
            failure(
                    malformed,
                    "malformed JSON at column 17: Unexpected character ('}' (code 125)): expected a valid value"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                    MALFORMED_JSON)
                .build(),
            readable(noOp, "missing required field op", MISSING_FIELD).build(),
            readable(noSegment, "missing required field segment", MISSING_FIELD).build(),
            failure(numberId, "customer_id must be a string, got a number", WRONG_TYPE)
                .setEventTime(UPDATED_AT)
                .build()),
        Map.of(MALFORMED_JSON, 1L, MISSING_FIELD, 2L, WRONG_TYPE, 1L));
  }

  private WithFailures.Result<PCollection<CustomerChange>, FailedRecord> parse(RawRecord... records) {
    return p.apply(Create.of(Arrays.asList(records))).apply("ParseCustomers", Domains.CUSTOMERS.parse());
  }

  /** A PARSE failure of {@code raw} in which the fixture's customer id and updated_at were readable. */
  private static FailedRecord.Builder readable(RawRecord raw, String error, ParseReason... reasons) {
    return failure(raw, error, reasons).setRecordId("C-000001").setEventTime(UPDATED_AT);
  }

  private static FailedRecord badTime(RawRecord raw, String problem) {
    return failure(raw, "updated_at " + problem, BAD_EVENT_TIME).setRecordId("C-000001").build();
  }
}
