package dev.finpipe.validate;

import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The standard rule set of the input contract, in the order rules are checked and reported. Values are judged
 * exactly as parsed: no trimming, no case folding ({@code "pen"} is not a known currency).
 */
public final class ValidationRules {
  /** How far past the run's clock an event time may lie before {@code event_time_not_future} refuses it. */
  public static final Duration FUTURE_TOLERANCE = Duration.standardMinutes(5);

  public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

  public static final Set<String> TYPES = Set.of("PURCHASE", "TRANSFER", "WITHDRAWAL", "DEPOSIT", "PAYMENT", "REFUND");

  public static final Set<String> STATUSES = Set.of("APPROVED", "DECLINED", "PENDING", "REVERSED");

  private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final List<ValidationRule<Transaction>> STANDARD =
      List.of(
          ValidationRule.of(
              "transaction_id_format",
              "transaction_id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'",
              (tx, now) -> TRANSACTION_ID.matcher(tx.getTransactionId()).matches()),
          ValidationRule.of(
              "account_id_present", "account_id is not blank", (tx, now) -> !tx.getAccountId().isBlank()),
          ValidationRule.of("user_id_present", "user_id is not blank", (tx, now) -> !tx.getUserId().isBlank()),
          ValidationRule.of("amount_positive", "amount is greater than 0", (tx, now) -> tx.getAmount().signum() > 0),
          ValidationRule.of(
              "amount_max",
              "amount is at most 1,000,000,000",
              (tx, now) -> tx.getAmount().compareTo(MAX_AMOUNT) <= 0),
          ValidationRule.of(
              "currency_iso4217",
              "currency is an active ISO 4217 alpha-3 code, such as PEN or USD",
              (tx, now) -> Currencies.isKnown(tx.getCurrency())),
          ValidationRule.of(
              "amount_minor_units",
              "amount has no more decimal places than the currency's minor unit (2 for PEN, 0 for JPY, 3 for KWD)",
              ValidationRules::withinMinorUnits),
          ValidationRule.of(
              "type_known",
              "type is one of PURCHASE, TRANSFER, WITHDRAWAL, DEPOSIT, PAYMENT, REFUND",
              (tx, now) -> TYPES.contains(tx.getType())),
          ValidationRule.of(
              "status_known",
              "status is one of APPROVED, DECLINED, PENDING, REVERSED",
              (tx, now) -> STATUSES.contains(tx.getStatus())),
          notFuture("event_time_not_future", "event_time"));

  private ValidationRules() {}

  /** The standard rules, in check order. */
  public static List<ValidationRule<Transaction>> standard() {
    return STANDARD;
  }

  /** The names of the standard rules, in check order. */
  public static List<String> names() {
    return namesOf(STANDARD);
  }

  /** The names of {@code rules}, in check order. */
  public static List<String> namesOf(List<? extends ValidationRule<?>> rules) {
    return rules.stream().map(ValidationRule::getName).collect(Collectors.toUnmodifiableList());
  }

  /**
   * A rule that holds when {@code value} is one of {@code allowed}, described as "{@code field} is one of ..." in the
   * order given: the shape of most "known code" rules of every domain.
   */
  public static <T> ValidationRule<T> oneOf(String name, String field, List<String> allowed, SerializableValue<T> value) {
    Set<String> known = Set.copyOf(allowed);
    return ValidationRule.of(name, field + " is one of " + String.join(", ", allowed), (r, now) -> known.contains(value.of(r)));
  }

  /** A rule that holds when {@code value} matches {@code pattern}, described by {@code description}. */
  public static <T> ValidationRule<T> matches(
      String name, String description, Pattern pattern, SerializableValue<T> value) {
    return ValidationRule.of(name, description, (r, now) -> value.of(r) != null && pattern.matcher(value.of(r)).matches());
  }

  /**
   * A rule that holds when a record's event time, read from {@code field}, is at most {@link #FUTURE_TOLERANCE} after
   * the run's clock: every domain's guard against producers' clocks running ahead.
   */
  public static <T extends dev.finpipe.model.DomainRecord> ValidationRule<T> notFuture(String name, String field) {
    return ValidationRule.of(name, field + " is at most 5 minutes after the run's clock",
        (r, now) -> !r.getEventTime().isAfter(now.plus(FUTURE_TOLERANCE)));
  }

  /** A record's value of one field, serializable with the rule that reads it. */
  @FunctionalInterface
  public interface SerializableValue<T> extends java.io.Serializable {
    String of(T record);
  }

  /**
   * Trailing zeros do not count ({@code 1.50} PEN passes, {@code 1.505} PEN does not). An unknown currency passes:
   * {@code currency_iso4217} reports it.
   */
  private static boolean withinMinorUnits(Transaction tx, Instant now) {
    OptionalInt minorUnits = Currencies.minorUnits(tx.getCurrency());
    return minorUnits.isEmpty() || tx.getAmount().stripTrailingZeros().scale() <= minorUnits.getAsInt();
  }
}
