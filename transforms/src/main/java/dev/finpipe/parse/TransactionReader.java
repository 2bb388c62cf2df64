package dev.finpipe.parse;

import static dev.finpipe.parse.ParseReason.BAD_AMOUNT;
import static dev.finpipe.parse.ParseReason.BAD_EVENT_TIME;
import static dev.finpipe.parse.ParseReason.MALFORMED_JSON;
import static dev.finpipe.parse.ParseReason.MISSING_FIELD;
import static dev.finpipe.parse.ParseReason.NOT_AN_OBJECT;
import static dev.finpipe.parse.ParseReason.WRONG_TYPE;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Reads one payload of the input contract into a {@link Transaction}, or into a {@link FailedRecord} naming every way
 * it breaks the contract. Holds one Jackson mapper, so create one per DoFn instance and use it from one thread.
 *
 * <p>Amounts are read exactly, with the scale they were written with ({@code 125.40} stays {@code 125.40}): JSON
 * numbers become {@link BigDecimal} without passing through {@code double}, and decimal strings match the JSON number
 * grammar. Exponent notation is accepted in both forms and read exactly ({@code 1.5E+2} is {@code 150}); a negative
 * scale is raised to 0 and an amount needing more than {@value #MAX_DIGITS} digits is refused, so every amount fits
 * a {@code DECIMAL(38, s)} column. Event times are ISO-8601 with an offset or {@code Z}, or epoch milliseconds (a JSON
 * integer or a string of digits); precision below a millisecond is truncated.
 */
final class TransactionReader {
  /** The most digits an amount may need: the largest precision of a Spark or Delta decimal. */
  static final int MAX_DIGITS = 38;

  /** Decimal strings: the JSON number grammar, leading zeros allowed. */
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d+");

  /** Longer strings are not read as amounts or times at all, so a hostile payload cannot make parsing slow. */
  private static final int MAX_SCALAR_LENGTH = 100;

  /** Offending values are quoted in errors up to this many characters. */
  private static final int MAX_QUOTED_LENGTH = 40;

  /** The range of event times: what Spark, Delta and Parquet timestamps all hold. */
  private static final java.time.Instant MIN_TIME = java.time.Instant.parse("0001-01-01T00:00:00Z");

  private static final java.time.Instant MAX_TIME = java.time.Instant.parse("9999-12-31T23:59:59.999Z");

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Reads one record; never throws on bad data. */
  Outcome read(RawRecord raw) {
    Problems problems = new Problems();
    JsonNode root = readObject(raw.getPayload(), problems);
    if (root == null) {
      return Outcome.failed(problems.toFailedRecord(raw, null, null));
    }
    String transactionId = required(root, "transaction_id", TransactionReader::text, problems);
    String accountId = required(root, "account_id", TransactionReader::text, problems);
    String userId = required(root, "user_id", TransactionReader::text, problems);
    BigDecimal amount = required(root, "amount", TransactionReader::amount, problems);
    String currency = required(root, "currency", TransactionReader::text, problems);
    String type = required(root, "type", TransactionReader::text, problems);
    String status = required(root, "status", TransactionReader::text, problems);
    Instant eventTime = required(root, "event_time", TransactionReader::eventTime, problems);
    String channel = optional(root, "channel", TransactionReader::text, problems);
    String merchant = optional(root, "merchant", TransactionReader::text, problems);
    String country = optional(root, "country", TransactionReader::text, problems);
    if (!problems.isEmpty()) {
      return Outcome.failed(problems.toFailedRecord(raw, transactionId, eventTime));
    }
    return Outcome.parsed(
        Transaction.builder()
            .setTransactionId(transactionId)
            .setAccountId(accountId)
            .setUserId(userId)
            .setAmount(amount)
            .setCurrency(currency)
            .setType(type)
            .setStatus(status)
            .setChannel(channel)
            .setMerchant(merchant)
            .setCountry(country)
            .setEventTime(eventTime)
            .setIngestedAt(raw.getIngestedAt())
            .setSourceRef(raw.getSourceRef())
            .setPayload(raw.getPayload())
            .build());
  }

  private @Nullable JsonNode readObject(String payload, Problems problems) {
    JsonNode root;
    try {
      root = mapper.readTree(payload);
    } catch (JsonProcessingException e) {
      problems.add(MALFORMED_JSON, "malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
      return null;
    }
    if (root.isMissingNode()) {
      problems.add(MALFORMED_JSON, "malformed JSON: the payload is empty");
      return null;
    }
    if (!root.isObject()) {
      problems.add(NOT_AN_OBJECT, "expected a JSON object, got " + describe(root));
      return null;
    }
    return root;
  }

  private static String at(@Nullable JsonLocation location) {
    return location == null ? "" : " at column " + location.getColumnNr();
  }

  /** The field's value read by {@code reader}, or null after reporting it missing. JSON null counts as missing. */
  private static <T> @Nullable T required(JsonNode root, String field, ValueReader<T> reader, Problems problems) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      problems.add(MISSING_FIELD, field);
      return null;
    }
    return reader.read(field, node, problems);
  }

  /** The field's value read by {@code reader}, or null when it is absent or JSON null. */
  private static <T> @Nullable T optional(JsonNode root, String field, ValueReader<T> reader, Problems problems) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : reader.read(field, node, problems);
  }

  /** The string exactly as given (no trimming, no case change). */
  private static @Nullable String text(String field, JsonNode node, Problems problems) {
    if (node.isTextual()) {
      return node.textValue();
    }
    problems.add(WRONG_TYPE, field + " must be a string, got " + describe(node));
    return null;
  }

  private static @Nullable BigDecimal amount(String field, JsonNode node, Problems problems) {
    if (node.isTextual()) {
      return decimalText(node.textValue(), problems);
    }
    if (node.isIntegralNumber() || node.isBigDecimal()) {
      return exact(node.decimalValue(), problems);
    }
    if (node.isNumber()) { // Jackson keeps a number too large for a double as an infinite double
      problems.add(BAD_AMOUNT, field + " " + quote(node.asText()) + " is out of range");
      return null;
    }
    problems.add(WRONG_TYPE, field + " must be a number or a decimal string, got " + describe(node));
    return null;
  }

  private static @Nullable BigDecimal decimalText(String text, Problems problems) {
    if (text.length() <= MAX_SCALAR_LENGTH && DECIMAL.matcher(text).matches()) {
      try {
        return exact(new BigDecimal(text), problems);
      } catch (NumberFormatException e) { // an exponent beyond an int
        problems.add(BAD_AMOUNT, "amount " + quote(text) + " is out of range");
        return null;
      }
    }
    problems.add(BAD_AMOUNT, "amount " + quote(text) + " is not a decimal number");
    return null;
  }

  /** The amount with a scale of at least 0, or null when it needs more than {@link #MAX_DIGITS} digits. */
  private static @Nullable BigDecimal exact(BigDecimal amount, Problems problems) {
    long digits =
        amount.scale() < 0
            ? (long) amount.precision() - amount.scale()
            : Math.max(amount.precision(), amount.scale());
    if (digits > MAX_DIGITS) {
      problems.add(BAD_AMOUNT, "amount needs " + digits + " digits, more than " + MAX_DIGITS);
      return null;
    }
    return amount.scale() < 0 ? amount.setScale(0) : amount;
  }

  private static @Nullable Instant eventTime(String field, JsonNode node, Problems problems) {
    if (node.isTextual()) {
      return timeText(node.textValue(), problems);
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong()
          ? epochMillis(node.longValue(), node.asText(), problems)
          : outOfRange(node.asText(), problems);
    }
    if (node.isNumber()) {
      problems.add(BAD_EVENT_TIME, field + " " + quote(node.asText()) + " is not whole epoch milliseconds");
      return null;
    }
    problems.add(WRONG_TYPE, field + " must be a string or an integer, got " + describe(node));
    return null;
  }

  private static @Nullable Instant timeText(String text, Problems problems) {
    if (text.length() > MAX_SCALAR_LENGTH) {
      return notATime(text, problems);
    }
    if (EPOCH_MILLIS.matcher(text).matches()) {
      // 16 characters hold every epoch millisecond in range; longer digit strings are out of range (or past a long)
      return text.length() > 16 ? outOfRange(text, problems) : epochMillis(Long.parseLong(text), text, problems);
    }
    java.time.Instant instant;
    try {
      instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return notATime(text, problems);
    }
    return instant.isBefore(MIN_TIME) || instant.isAfter(MAX_TIME)
        ? outOfRange(text, problems)
        : new Instant(instant.toEpochMilli());
  }

  private static @Nullable Instant notATime(String text, Problems problems) {
    problems.add(
        BAD_EVENT_TIME, "event_time " + quote(text) + " is neither ISO-8601 with an offset nor epoch milliseconds");
    return null;
  }

  private static @Nullable Instant epochMillis(long millis, String text, Problems problems) {
    return millis < MIN_TIME.toEpochMilli() || millis > MAX_TIME.toEpochMilli()
        ? outOfRange(text, problems)
        : new Instant(millis);
  }

  private static @Nullable Instant outOfRange(String text, Problems problems) {
    problems.add(BAD_EVENT_TIME, "event_time " + quote(text) + " is outside the years 0001 to 9999");
    return null;
  }

  private static String quote(String value) {
    return value.length() <= MAX_QUOTED_LENGTH
        ? '"' + value + '"'
        : '"' + value.substring(0, MAX_QUOTED_LENGTH) + "...\" (" + value.length() + " characters)";
  }

  private static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads the value of a present, non-null field, reporting what is wrong with it; null when unreadable. */
  @FunctionalInterface
  private interface ValueReader<T> {
    @Nullable T read(String field, JsonNode value, Problems problems);
  }

  /** What one payload became: a transaction, or the record of why not. Exactly one is set. */
  static final class Outcome {
    final @Nullable Transaction transaction;
    final @Nullable FailedRecord failure;

    private Outcome(@Nullable Transaction transaction, @Nullable FailedRecord failure) {
      this.transaction = transaction;
      this.failure = failure;
    }

    static Outcome parsed(Transaction transaction) {
      return new Outcome(transaction, null);
    }

    static Outcome failed(FailedRecord failure) {
      return new Outcome(null, failure);
    }
  }

  /** Every problem found in one payload, grouped by reason in {@link ParseReason} order. */
  private static final class Problems {
    private final Map<ParseReason, List<String>> details = new EnumMap<>(ParseReason.class);

    void add(ParseReason reason, String detail) {
      details.computeIfAbsent(reason, r -> new ArrayList<>()).add(detail);
    }

    boolean isEmpty() {
      return details.isEmpty();
    }

    FailedRecord toFailedRecord(RawRecord raw, @Nullable String transactionId, @Nullable Instant eventTime) {
      List<String> reasons = details.keySet().stream().map(Enum::name).collect(Collectors.toList());
      return FailedRecord.of(FailedRecord.Stage.PARSE, reasons, error(), raw)
          .toBuilder()
          .setTransactionId(transactionId)
          .setEventTime(eventTime)
          .build();
    }

    private String error() {
      return details.entrySet().stream()
          .map(e -> e.getKey() == MISSING_FIELD ? missing(e.getValue()) : String.join("; ", e.getValue()))
          .collect(Collectors.joining("; "));
    }

    private static String missing(List<String> fields) {
      return (fields.size() == 1 ? "missing required field " : "missing required fields ") + String.join(", ", fields);
    }
  }
}
