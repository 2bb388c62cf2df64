package dev.finpipe.pipelines.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * An independent reading of the customers' and accounts' change-record contracts (the README's), to check the
 * generator against: the rules a line breaks, none for a line that keeps the contract.
 */
final class ChangeContractCheck {
  static final List<String> CUSTOMER_FIELDS = List.of("customer_id", "document_type", "document_id", "full_name",
      "segment", "status", "country", "updated_at", "op");
  static final List<String> ACCOUNT_FIELDS = List.of("account_id", "customer_id", "account_type", "currency",
      "status", "opened_at", "updated_at", "op");
  static final Pattern CUSTOMER_ID = Pattern.compile("U-[0-9]{6,}");
  static final Pattern ACCOUNT_ID = Pattern.compile("ACC-[0-9]{6,}");
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "document_type", Set.of("DNI", "CE", "RUC", "PASSPORT"),
      "segment", Set.of("RETAIL", "PREMIUM", "SME", "CORPORATE"),
      "account_type", Set.of("SAVINGS", "CHECKING", "CREDIT_CARD", "LOAN"),
      "op", Set.of("UPSERT", "DELETE"));
  private static final Set<String> CUSTOMER_STATUSES = Set.of("ACTIVE", "INACTIVE", "BLOCKED");
  private static final Set<String> ACCOUNT_STATUSES = Set.of("ACTIVE", "FROZEN", "CLOSED");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private ChangeContractCheck() {}

  static List<String> fields(GeneratedDomain domain) {
    return domain == GeneratedDomain.CUSTOMERS ? CUSTOMER_FIELDS : ACCOUNT_FIELDS;
  }

  /** The parsed object, or null when the line is not a JSON object. */
  static JsonNode parse(String line) {
    try {
      JsonNode node = ContractCheck.MAPPER.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The rules {@code line} breaks as a record of {@code domain}, judged at time {@code now}. */
  static List<String> brokenRules(GeneratedDomain domain, String line, Instant now) {
    JsonNode node = parse(line);
    if (node == null) {
      return List.of("malformed_json");
    }
    String idField = domain == GeneratedDomain.CUSTOMERS ? "customer_id" : "account_id";
    boolean delete = node.path("op").asText("").equals("DELETE");
    List<String> required = delete ? List.of(idField, "updated_at", "op") : fields(domain);
    List<String> broken = new ArrayList<>();
    for (String field : required) {
      if (!node.hasNonNull(field)) {
        broken.add("missing_" + field);
      }
    }
    if (node.hasNonNull("customer_id") && !CUSTOMER_ID.matcher(node.get("customer_id").asText()).matches()) {
      broken.add("customer_id_format");
    }
    if (node.hasNonNull("account_id") && !ACCOUNT_ID.matcher(node.get("account_id").asText()).matches()) {
      broken.add("account_id_format");
    }
    ALLOWED.forEach((field, allowed) -> {
      if (node.hasNonNull(field) && !allowed.contains(node.get(field).asText())) {
        broken.add(field + "_known");
      }
    });
    Set<String> statuses = domain == GeneratedDomain.CUSTOMERS ? CUSTOMER_STATUSES : ACCOUNT_STATUSES;
    if (node.hasNonNull("status") && !statuses.contains(node.get("status").asText())) {
      broken.add("status_known");
    }
    if (node.hasNonNull("currency") && !ContractCheck.MINOR_UNITS.containsKey(node.get("currency").asText())) {
      broken.add("currency_known");
    }
    if (node.hasNonNull("country") && !COUNTRY.matcher(node.get("country").asText()).matches()) {
      broken.add("country_format");
    }
    for (String field : List.of("document_id", "full_name")) {
      if (node.hasNonNull(field) && node.get(field).asText().isBlank()) {
        broken.add(field + "_blank");
      }
    }
    if (node.hasNonNull("opened_at") && isoInstant(node.get("opened_at")) == null) {
      broken.add("opened_at_parse");
    }
    if (node.hasNonNull("updated_at")) {
      Instant updatedAt = ContractCheck.eventTime(node.get("updated_at"));
      if (updatedAt == null) {
        broken.add("updated_at_parse");
      } else if (updatedAt.isAfter(now.plus(Duration.ofMinutes(5)))) {
        broken.add("updated_at_not_future");
      }
    }
    return broken;
  }

  static Instant isoInstant(JsonNode time) {
    try {
      return time.isTextual() ? OffsetDateTime.parse(time.asText()).toInstant() : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The rule each kind of bad change record is meant to break (a prefix for the missing field). */
  static String ruleOf(GeneratedDomain domain, InvalidKind kind) {
    return switch (kind) {
      case MALFORMED_JSON -> "malformed_json";
      case MISSING_REQUIRED_FIELD -> "missing_";
      case UNKNOWN_SEGMENT -> "segment_known";
      case UNKNOWN_TYPE -> "account_type_known";
      case UNKNOWN_STATUS -> "status_known";
      case UNKNOWN_CURRENCY -> "currency_known";
      case BAD_ENTITY_ID -> domain == GeneratedDomain.CUSTOMERS ? "customer_id_format" : "account_id_format";
      case EVENT_TIME_FUTURE -> "updated_at_not_future";
      default -> throw new IllegalArgumentException(kind + " is not a kind of bad change record");
    };
  }
}
