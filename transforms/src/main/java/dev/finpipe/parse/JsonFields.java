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
 * The JSON reading every domain's contract shares: one strict Jackson mapper (no duplicate fields, no trailing
 * content, decimals kept exact), required and optional fields, and readers for strings, exact decimals, ints,
 * measures (doubles) and instants,
 * each reporting what is wrong with a value as a {@link ParseReason} into one {@link Problems} per payload. Holds the
 * mapper, so create one per DoFn instance (inside a {@link RecordReader}) and use it from one thread.
 *
 * <p>Decimals are read exactly, with the scale they were written with ({@code 125.40} stays {@code 125.40}): JSON
 * numbers become {@link BigDecimal} without passing through {@code double}, and decimal strings match the JSON number
 * grammar. Exponent notation is accepted in both forms and read exactly ({@code 1.5E+2} is {@code 150}); a negative
 * scale is raised to 0 and a decimal needing more than {@value #MAX_DIGITS} digits is refused, so every value fits
 * a {@code DECIMAL(38, s)} column. Instants are ISO-8601 with an offset or {@code Z}, or epoch milliseconds (a JSON
 * number of whole milliseconds, also when written with a fraction or an exponent such as {@code 1795168800000.0} or
 * {@code 1.7951688E12}, or a string of digits); precision below a millisecond is truncated.
 */
public final class JsonFields {
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

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** The payload's JSON object, or null after reporting why it is not one. */
  public @Nullable JsonNode readObject(String payload, Problems problems) {
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
  public static <T> @Nullable T required(JsonNode root, String field, ValueReader<T> reader, Problems problems) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      problems.add(MISSING_FIELD, field);
      return null;
    }
    return reader.read(field, node, problems);
  }

  /** {@link #required} when {@code isRequired}, else {@link #optional}: fields a record needs in some cases only. */
  public static <T> @Nullable T requiredIf(
      boolean isRequired, JsonNode root, String field, ValueReader<T> reader, Problems problems) {
    return isRequired ? required(root, field, reader, problems) : optional(root, field, reader, problems);
  }

  /** The field's value read by {@code reader}, or null when it is absent or JSON null. */
  public static <T> @Nullable T optional(JsonNode root, String field, ValueReader<T> reader, Problems problems) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : reader.read(field, node, problems);
  }

  /** The string exactly as given (no trimming, no case change). */
  public static @Nullable String text(String field, JsonNode node, Problems problems) {
    if (node.isTextual()) {
      return node.textValue();
    }
    problems.add(WRONG_TYPE, field + " must be a string, got " + describe(node));
    return null;
  }

  /** An exact decimal, from a JSON number or a decimal string. */
  public static @Nullable BigDecimal decimal(String field, JsonNode node, Problems problems) {
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

  /** A whole number that fits an int, from a JSON integer ({@code 404}; not {@code 404.0}, not {@code "404"}). */
  public static @Nullable Integer integer(String field, JsonNode node, Problems problems) {
    if (node.isIntegralNumber()) {
      if (node.canConvertToInt()) {
        return node.intValue();
      }
      problems.add(BAD_AMOUNT, field + " " + quote(node.asText()) + " is out of range");
      return null;
    }
    problems.add(WRONG_TYPE, field + " must be an integer, got " + describeNumber(node));
    return null;
  }

  /**
   * A measure, from a JSON number, as the nearest double (measures, unlike amounts, need no exact decimal); a number
   * beyond a double's range is refused rather than kept as an infinity.
   */
  public static @Nullable Double measure(String field, JsonNode node, Problems problems) {
    if (!node.isNumber()) {
      problems.add(WRONG_TYPE, field + " must be a number, got " + describe(node));
      return null;
    }
    double value = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
    if (Double.isInfinite(value)) { // Jackson keeps a number too large for a double as an infinite double
      problems.add(BAD_AMOUNT, field + " " + quote(node.asText()) + " is out of range");
      return null;
    }
    return value;
  }

  /** A number is quoted (its fraction is what is wrong); other nodes are named by their type. */
  private static String describeNumber(JsonNode node) {
    return node.isNumber() ? quote(node.asText()) : describe(node);
  }

  /** An instant, from ISO-8601 text with an offset or epoch milliseconds (a whole JSON number or a digit string). */
  public static @Nullable Instant instant(String field, JsonNode node, Problems problems) {
    if (node.isTextual()) {
      return timeText(field, node.textValue(), problems);
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong()
          ? epochMillis(field, node.longValue(), node.asText(), problems)
          : outOfRange(field, node.asText(), problems);
    }
    if (node.isBigDecimal() && isWhole(node.decimalValue())) { // 1795168800000.0 or 1.7951688E12: whole milliseconds
      BigDecimal millis = node.decimalValue();
      return millis.compareTo(LONG_MIN) < 0 || millis.compareTo(LONG_MAX) > 0
          ? outOfRange(field, node.asText(), problems)
          : epochMillis(field, millis.longValueExact(), node.asText(), problems);
    }
    if (node.isDouble() && Double.isInfinite(node.doubleValue())) { // how Jackson keeps a number too large for a double
      return outOfRange(field, node.asText(), problems);
    }
    if (node.isNumber()) {
      problems.add(BAD_EVENT_TIME, field + " " + quote(node.asText()) + " is not whole epoch milliseconds");
      return null;
    }
    problems.add(WRONG_TYPE, field + " must be a string or an integer, got " + describe(node));
    return null;
  }

  private static boolean isWhole(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  private static @Nullable Instant timeText(String field, String text, Problems problems) {
    if (text.length() > MAX_SCALAR_LENGTH) {
      return notATime(field, text, problems);
    }
    if (EPOCH_MILLIS.matcher(text).matches()) {
      // 16 characters hold every epoch millisecond in range; longer digit strings are out of range (or past a long)
      return text.length() > 16 ? outOfRange(field, text, problems) : epochMillis(field, Long.parseLong(text), text, problems);
    }
    java.time.Instant instant;
    try {
      instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return notATime(field, text, problems);
    }
    return instant.isBefore(MIN_TIME) || instant.isAfter(MAX_TIME)
        ? outOfRange(field, text, problems)
        : new Instant(instant.toEpochMilli());
  }

  private static @Nullable Instant notATime(String field, String text, Problems problems) {
    problems.add(
        BAD_EVENT_TIME, field + " " + quote(text) + " is neither ISO-8601 with an offset nor epoch milliseconds");
    return null;
  }

  private static @Nullable Instant epochMillis(String field, long millis, String text, Problems problems) {
    return millis < MIN_TIME.toEpochMilli() || millis > MAX_TIME.toEpochMilli()
        ? outOfRange(field, text, problems)
        : new Instant(millis);
  }

  private static @Nullable Instant outOfRange(String field, String text, Problems problems) {
    problems.add(BAD_EVENT_TIME, field + " " + quote(text) + " is outside the years 0001 to 9999");
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
  public interface ValueReader<T> {
    @Nullable T read(String field, JsonNode value, Problems problems);
  }

  /** Every problem found in one payload, grouped by reason in {@link ParseReason} order. */
  public static final class Problems {
    private final Map<ParseReason, List<String>> details = new EnumMap<>(ParseReason.class);

    public void add(ParseReason reason, String detail) {
      details.computeIfAbsent(reason, r -> new ArrayList<>()).add(detail);
    }

    public boolean isEmpty() {
      return details.isEmpty();
    }

    /** The PARSE failure of {@code raw}, with the record's id and event time when they were readable. */
    public FailedRecord toFailedRecord(RawRecord raw, @Nullable String recordId, @Nullable Instant eventTime) {
      List<String> reasons = details.keySet().stream().map(Enum::name).collect(Collectors.toList());
      return FailedRecord.of(FailedRecord.Stage.PARSE, reasons, error(), raw)
          .toBuilder()
          .setRecordId(recordId)
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
