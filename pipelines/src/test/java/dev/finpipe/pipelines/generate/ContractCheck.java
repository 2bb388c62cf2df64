package dev.finpipe.pipelines.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An independent reading of the input contract (Jackson, exact decimals), to check the generator against: the names
 * of the rules a line breaks, none for a line that keeps the contract.
 */
final class ContractCheck {
  // Exact decimals: a JsonNode would otherwise drop trailing zeros (310.00 -> 3.1E+2) and hide the scale.
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final List<String> REQUIRED =
      List.of("transaction_id", "account_id", "user_id", "amount", "currency", "type", "status", "event_time");
  static final Map<String, Integer> MINOR_UNITS = Map.of(
      "PEN", 2, "USD", 2, "EUR", 2, "BRL", 2, "CLP", 0, "COP", 2, "MXN", 2, "GBP", 2, "JPY", 0, "KWD", 3);
  private static final Set<String> TYPES = Set.of("PURCHASE", "TRANSFER", "WITHDRAWAL", "DEPOSIT", "PAYMENT", "REFUND");
  private static final Set<String> STATUSES = Set.of("APPROVED", "DECLINED", "PENDING", "REVERSED");
  private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final BigDecimal MAX_AMOUNT = new BigDecimal(1_000_000_000);

  private ContractCheck() {}

  /** The rules {@code line} breaks, judged at time {@code now}. */
  static List<String> brokenRules(String line, Instant now) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return List.of("malformed_json");
    }
    if (node == null || node.isMissingNode()) {
      return List.of("malformed_json");
    }
    if (!node.isObject()) {
      return List.of("not_an_object");
    }
    List<String> broken = new ArrayList<>();
    for (String field : REQUIRED) {
      if (!node.hasNonNull(field)) {
        broken.add("missing_" + field);
      }
    }
    if (node.hasNonNull("transaction_id")
        && !TRANSACTION_ID.matcher(node.get("transaction_id").asText()).matches()) {
      broken.add("transaction_id_format");
    }
    String currency = node.path("currency").asText(null);
    boolean knownCurrency = currency != null && MINOR_UNITS.containsKey(currency);
    if (currency != null && !knownCurrency) {
      broken.add("currency_known");
    }
    if (node.hasNonNull("type") && !TYPES.contains(node.get("type").asText())) {
      broken.add("type_known");
    }
    if (node.hasNonNull("status") && !STATUSES.contains(node.get("status").asText())) {
      broken.add("status_known");
    }
    if (node.hasNonNull("amount")) {
      BigDecimal amount = amount(node.get("amount"));
      if (amount == null) {
        broken.add("amount_type");
      } else {
        if (amount.signum() <= 0) {
          broken.add("amount_positive");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
          broken.add("amount_max");
        }
        if (knownCurrency && amount.scale() > MINOR_UNITS.get(currency)) {
          broken.add("amount_scale");
        }
      }
    }
    if (node.hasNonNull("event_time")) {
      Instant eventTime = eventTime(node.get("event_time"));
      if (eventTime == null) {
        broken.add("event_time_parse");
      } else if (eventTime.isAfter(now.plus(Duration.ofMinutes(5)))) {
        broken.add("event_time_not_future");
      }
    }
    return broken;
  }

  static BigDecimal amount(JsonNode amount) {
    if (amount.isNumber()) {
      return amount.decimalValue();
    }
    if (amount.isTextual()) {
      try {
        return new BigDecimal(amount.asText());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Instant eventTime(JsonNode time) {
    if (time.isIntegralNumber()) {
      return Instant.ofEpochMilli(time.longValue());
    }
    if (time.isTextual()) {
      try {
        return OffsetDateTime.parse(time.asText()).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** The rule each kind of bad record is meant to break. */
  static String ruleOf(InvalidKind kind) {
    return switch (kind) {
      case MALFORMED_JSON, BLANK_LINE -> "malformed_json";
      case NOT_AN_OBJECT -> "not_an_object";
      case MISSING_REQUIRED_FIELD -> "missing_";
      case AMOUNT_BOOLEAN, AMOUNT_NOT_NUMERIC -> "amount_type";
      case AMOUNT_NEGATIVE, AMOUNT_ZERO -> "amount_positive";
      case AMOUNT_TOO_LARGE -> "amount_max";
      case AMOUNT_TOO_PRECISE -> "amount_scale";
      case UNKNOWN_CURRENCY -> "currency_known";
      case UNKNOWN_TYPE -> "type_known";
      case UNKNOWN_STATUS -> "status_known";
      case BAD_TRANSACTION_ID -> "transaction_id_format";
      case EVENT_TIME_UNPARSEABLE -> "event_time_parse";
      case EVENT_TIME_FUTURE -> "event_time_not_future";
      default -> throw new IllegalArgumentException(kind + " is not a transaction kind");
    };
  }
}
