package dev.finpipe.testing;

import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;

/**
 * Records for tests: raw JSON lines with fixed coordinates and ingest time, and a valid transaction whose defaults
 * match {@link #VALID_JSON}, so a test changes only the field it is about.
 */
public final class TestRecords {
  /** The file every test record claims to come from. */
  public static final String FILE = "in/transactions.jsonl";

  public static final Instant INGESTED_AT = Instant.parse("2026-11-23T00:00:00.000Z");

  public static final Instant EVENT_TIME = Instant.parse("2026-11-22T20:15:03.123Z");

  /** A valid payload's fields, in payload order. */
  private static final JsonObject VALID_FIELDS =
      JsonObject.of(
          "transaction_id", "\"tx-0001\"",
          "account_id", "\"ACC-000123\"",
          "user_id", "\"U-000042\"",
          "amount", "\"125.40\"",
          "currency", "\"PEN\"",
          "type", "\"PURCHASE\"",
          "status", "\"APPROVED\"",
          "channel", "\"MOBILE\"",
          "merchant", "\"Tambo\"",
          "country", "\"PE\"",
          "event_time", "\"2026-11-22T20:15:03.123Z\"");

  /** The input contract's example line: every field present and valid. */
  public static final String VALID_JSON = VALID_FIELDS.toString();

  private TestRecords() {}

  /** {@code json} as read from line 1 of {@link #FILE}. */
  public static RawRecord raw(String json) {
    return raw(1, json);
  }

  /** {@code json} as read from line {@code line} of {@link #FILE}. */
  public static RawRecord raw(long line, String json) {
    return RawRecord.of(json, SourceRef.fileLine(FILE, line), INGESTED_AT);
  }

  /**
   * The lines of the test resource {@code <testClass simple name>/<name>}, each with its 1-based line number and the
   * resource path as source.
   */
  public static List<RawRecord> lines(Class<?> testClass, String name) {
    String path = testClass.getSimpleName() + "/" + name;
    InputStream in = testClass.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalArgumentException("no test resource " + path);
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<RawRecord> records = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        records.add(RawRecord.of(line, SourceRef.fileLine(path, records.size() + 1), INGESTED_AT));
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #VALID_JSON} with {@code field} set to the raw JSON value {@code jsonValue} (added last if absent). */
  public static String jsonWith(String field, String jsonValue) {
    return VALID_FIELDS.with(field, jsonValue).toString();
  }

  /** {@link #VALID_JSON} without {@code fields}. */
  public static String jsonWithout(String... fields) {
    return VALID_FIELDS.without(fields).toString();
  }

  /** The transaction {@link #VALID_JSON} parses to, read from line 1 of {@link #FILE}. */
  public static Transaction.Builder transaction() {
    return Transaction.builder()
        .setTransactionId("tx-0001")
        .setAccountId("ACC-000123")
        .setUserId("U-000042")
        .setAmount(new BigDecimal("125.40"))
        .setCurrency("PEN")
        .setType("PURCHASE")
        .setStatus("APPROVED")
        .setChannel("MOBILE")
        .setMerchant("Tambo")
        .setCountry("PE")
        .setEventTime(EVENT_TIME)
        .setIngestedAt(INGESTED_AT)
        .setSourceRef(SourceRef.fileLine(FILE, 1))
        .setPayload(VALID_JSON);
  }

  /** The transaction {@code raw} parses to when it holds {@link #VALID_JSON} changed as the test says. */
  public static Transaction.Builder transaction(RawRecord raw) {
    return transaction()
        .setPayload(raw.getPayload())
        .setSourceRef(raw.getSourceRef())
        .setIngestedAt(raw.getIngestedAt());
  }
}
