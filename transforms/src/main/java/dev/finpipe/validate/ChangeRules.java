package dev.finpipe.validate;

import dev.finpipe.model.AccountChange;
import dev.finpipe.model.ChangeOps;
import dev.finpipe.model.ChangeRecord;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.DomainRecord;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the two change-record domains, customers and accounts, in the order they are checked and reported.
 * Attribute rules judge {@code UPSERT}s only: a {@code DELETE} needs no attributes. Values are judged exactly as
 * parsed (no trimming, no case folding).
 */
public final class ChangeRules {
  public static final List<String> OPS = List.of(ChangeOps.UPSERT, ChangeOps.DELETE);
  public static final List<String> SEGMENTS = List.of("RETAIL", "PREMIUM", "SME", "CORPORATE");
  public static final List<String> DOCUMENT_TYPES = List.of("DNI", "CE", "RUC", "PASSPORT");
  public static final List<String> CUSTOMER_STATUSES = List.of("ACTIVE", "INACTIVE", "BLOCKED");
  public static final List<String> ACCOUNT_TYPES = List.of("SAVINGS", "CHECKING", "CREDIT_CARD", "LOAN");
  public static final List<String> ACCOUNT_STATUSES = List.of("ACTIVE", "FROZEN", "CLOSED");

  /** Ids of customers and accounts: 1 to 64 of A-Z, a-z, 0-9, '_' and '-', as transaction ids. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private static final List<ValidationRule<CustomerChange>> CUSTOMERS =
      List.of(
          id("customer_id_format", "customer_id", CustomerChange::getCustomerId),
          ValidationRules.oneOf("op_known", "op", OPS, CustomerChange::getOp),
          upsert(ValidationRules.oneOf("document_type_known", "document_type", DOCUMENT_TYPES,
              CustomerChange::getDocumentType)),
          upsert(ValidationRule.of("document_id_present", "document_id is not blank",
              (c, now) -> !c.getDocumentId().isBlank())),
          upsert(ValidationRule.of("full_name_present", "full_name is not blank",
              (c, now) -> !c.getFullName().isBlank())),
          upsert(ValidationRules.oneOf("segment_known", "segment", SEGMENTS, CustomerChange::getSegment)),
          upsert(ValidationRules.oneOf("status_known", "status", CUSTOMER_STATUSES, CustomerChange::getStatus)),
          upsert(ValidationRule.of("country_iso3166", "country is an ISO 3166 alpha-2 code, such as PE or US",
              (c, now) -> COUNTRIES.contains(c.getCountry()))),
          notFuture("updated_at_not_future"));

  private static final List<ValidationRule<AccountChange>> ACCOUNTS =
      List.of(
          id("account_id_format", "account_id", AccountChange::getAccountId),
          ValidationRules.oneOf("op_known", "op", OPS, AccountChange::getOp),
          upsert(id("customer_id_format", "customer_id", AccountChange::getCustomerId)),
          upsert(ValidationRules.oneOf("account_type_known", "account_type", ACCOUNT_TYPES, AccountChange::getAccountType)),
          upsert(ValidationRule.of("currency_iso4217", "currency is an active ISO 4217 alpha-3 code, such as PEN or USD",
              (a, now) -> Currencies.isKnown(a.getCurrency()))),
          upsert(ValidationRules.oneOf("status_known", "status", ACCOUNT_STATUSES, AccountChange::getStatus)),
          upsert(ValidationRule.of("opened_at_not_after_update", "opened_at is not after updated_at",
              (a, now) -> !a.getOpenedAt().isAfter(a.getUpdatedAt()))),
          notFuture("updated_at_not_future"));

  private ChangeRules() {}

  /** The customers' rules, in check order. */
  public static List<ValidationRule<CustomerChange>> customers() {
    return CUSTOMERS;
  }

  /** The accounts' rules, in check order. */
  public static List<ValidationRule<AccountChange>> accounts() {
    return ACCOUNTS;
  }

  private static <T> ValidationRule<T> id(String name, String field, ValidationRules.SerializableValue<T> value) {
    return ValidationRules.matches(
        name, field + " is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'", ID, value);
  }

  private static <T extends DomainRecord> ValidationRule<T> notFuture(String name) {
    return ValidationRules.notFuture(name, "updated_at");
  }

  /** {@code rule} on UPSERTs; a DELETE (or an unknown op, which {@code op_known} refuses) passes it. */
  private static <T extends ChangeRecord> ValidationRule<T> upsert(ValidationRule<T> rule) {
    return ValidationRule.of(rule.getName(), rule.getDescription() + " (on an UPSERT)",
        (r, now) -> !r.isUpsert() || rule.passes(r, now));
  }
}
