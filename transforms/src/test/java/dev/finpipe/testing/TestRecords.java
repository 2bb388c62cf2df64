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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  /** The fields of a valid payload as raw JSON values, in payload order. */
  private static final Map<String, String> VALID_FIELDS = validFields();

  /** The input contract's example line: every field present and valid. */
  public static final String VALID_JSON = json(VALID_FIELDS);

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
    Map<String, String> fields = new LinkedHashMap<>(VALID_FIELDS);
    fields.put(field, jsonValue);
    return json(fields);
  }

  /** {@link #VALID_JSON} without {@code fields}. */
  public static String jsonWithout(String... fields) {
    Map<String, String> kept = new LinkedHashMap<>(VALID_FIELDS);
    kept.keySet().removeAll(Arrays.asList(fields));
    return json(kept);
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

  private static Map<String, String> validFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("transaction_id", "\"tx-0001\"");
    fields.put("account_id", "\"ACC-000123\"");
    fields.put("user_id", "\"U-000042\"");
    fields.put("amount", "\"125.40\"");
    fields.put("currency", "\"PEN\"");
    fields.put("type", "\"PURCHASE\"");
    fields.put("status", "\"APPROVED\"");
    fields.put("channel", "\"MOBILE\"");
    fields.put("merchant", "\"Tambo\"");
    fields.put("country", "\"PE\"");
    fields.put("event_time", "\"2026-11-22T20:15:03.123Z\"");
    return fields;
  }

  private static String json(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
