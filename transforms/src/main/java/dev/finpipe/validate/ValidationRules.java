package dev.finpipe.validate;

import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** The standard rule set, in the order reasons are reported. */
public final class ValidationRules {
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
  public static final Duration MAX_FUTURE = Duration.standardMinutes(5);
  public static final Set<String> TYPES = Set.of("PURCHASE", "TRANSFER", "WITHDRAWAL", "DEPOSIT", "PAYMENT", "REFUND");
  public static final Set<String> STATUSES = Set.of("APPROVED", "DECLINED", "PENDING", "REVERSED");
  private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private ValidationRules() {}

  public static List<ValidationRule> standard() {
    return List.of(
        rule("transaction_id_format", "transaction_id is 1-64 characters of A-Z a-z 0-9 _ -",
            (tx, now) -> TRANSACTION_ID.matcher(tx.getTransactionId()).matches()),
        rule("account_id_present", "account_id is not blank", (tx, now) -> !tx.getAccountId().isBlank()),
        rule("user_id_present", "user_id is not blank", (tx, now) -> !tx.getUserId().isBlank()),
        rule("amount_positive", "amount is greater than zero", (tx, now) -> tx.getAmount().signum() > 0),
        rule("amount_max", "amount is at most 1,000,000,000", (tx, now) -> tx.getAmount().compareTo(MAX_AMOUNT) <= 0),
        rule("currency_iso4217", "currency is a known ISO 4217 alpha-3 code", (tx, now) -> Currencies.isKnown(tx.getCurrency())),
        rule("amount_minor_units", "amount has no more fraction digits than the currency's minor unit",
            ValidationRules::fitsMinorUnits),
        rule("type_known", "type is one of " + String.join(", ", new java.util.TreeSet<>(TYPES)),
            (tx, now) -> TYPES.contains(tx.getType())),
        rule("status_known", "status is one of " + String.join(", ", new java.util.TreeSet<>(STATUSES)),
            (tx, now) -> STATUSES.contains(tx.getStatus())),
        rule("event_time_not_future", "event_time is at most 5 minutes after the run started",
            (tx, now) -> !tx.getEventTime().isAfter(now.plus(MAX_FUTURE))));
  }

  /** Trailing zeros are formatting, not precision: 1.50 PEN fits, 1.505 PEN does not. Unknown currencies pass here. */
  static boolean fitsMinorUnits(Transaction tx, Instant now) {
    OptionalInt digits = Currencies.minorUnits(tx.getCurrency());
    return digits.isEmpty() || Math.max(0, tx.getAmount().stripTrailingZeros().scale()) <= digits.getAsInt();
  }

  /** A rule's check; serializable so rules travel to workers. */
  @FunctionalInterface
  interface Check extends java.io.Serializable {
    boolean test(Transaction tx, Instant now);
  }

  static ValidationRule rule(String name, String description, Check check) {
    return new NamedRule(name, description, check);
  }

  private static final class NamedRule implements ValidationRule {
    private final String name;
    private final String description;
    private final Check check;

    NamedRule(String name, String description, Check check) {
      this.name = name;
      this.description = description;
      this.check = check;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public boolean passes(Transaction tx, Instant now) {
      return check.test(tx, now);
    }
  }
}
