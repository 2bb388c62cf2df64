package dev.finpipe.validate;

import static dev.finpipe.testing.ChangeRecords.ACCOUNTS_FILE;
import static dev.finpipe.testing.ChangeRecords.CUSTOMERS_FILE;
import static dev.finpipe.testing.ChangeRecords.UPDATED_AT;
import static dev.finpipe.testing.ChangeRecords.account;
import static dev.finpipe.testing.ChangeRecords.accountDelete;
import static dev.finpipe.testing.ChangeRecords.customer;
import static dev.finpipe.testing.ChangeRecords.customerDelete;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static dev.finpipe.validate.RuleChecks.assertCounters;
import static dev.finpipe.validate.RuleChecks.counters;
import static dev.finpipe.validate.RuleChecks.ordered;
import static dev.finpipe.validate.RuleChecks.quarantined;

import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.SourceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The rules of the customers and accounts domains, through {@code Domains.CUSTOMERS.validate()} and
 * {@code Domains.ACCOUNTS.validate()} with a fixed clock: both outputs and every counter in full.
 */
@RunWith(JUnit4.class)
public class ChangeRulesTest {
  /** The run's clock: 45 minutes after the fixtures' updated_at. */
  private static final Instant NOW = UPDATED_AT.plus(Duration.standardMinutes(45));

  /** The latest updated_at that is not in the future: 5 minutes after the clock. */
  private static final Instant LATEST = NOW.plus(Duration.standardMinutes(5));

  private static final String ID_FORMAT = " is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'";

  /** The customers' rules and descriptions, in check order, as the docs state them. */
  private static final Map<String, String> CUSTOMER_RULES =
      ordered(
          "customer_id_format", "customer_id" + ID_FORMAT,
          "op_known", "op is one of UPSERT, DELETE",
          "document_type_known", "document_type is one of DNI, CE, RUC, PASSPORT (on an UPSERT)",
          "document_id_present", "document_id is not blank (on an UPSERT)",
          "full_name_present", "full_name is not blank (on an UPSERT)",
          "segment_known", "segment is one of RETAIL, PREMIUM, SME, CORPORATE (on an UPSERT)",
          "status_known", "status is one of ACTIVE, INACTIVE, BLOCKED (on an UPSERT)",
          "country_iso3166", "country is an ISO 3166 alpha-2 code, such as PE or US (on an UPSERT)",
          "updated_at_not_future", "updated_at is at most 5 minutes after the run's clock");

  /** The accounts' rules and descriptions, in check order. */
  private static final Map<String, String> ACCOUNT_RULES =
      ordered(
          "account_id_format", "account_id" + ID_FORMAT,
          "op_known", "op is one of UPSERT, DELETE",
          "customer_id_format", "customer_id" + ID_FORMAT + " (on an UPSERT)",
          "account_type_known", "account_type is one of SAVINGS, CHECKING, CREDIT_CARD, LOAN (on an UPSERT)",
          "currency_iso4217", "currency is an active ISO 4217 alpha-3 code, such as PEN or USD (on an UPSERT)",
          "status_known", "status is one of ACTIVE, FROZEN, CLOSED (on an UPSERT)",
          "opened_at_not_after_update", "opened_at is not after updated_at (on an UPSERT)",
          "updated_at_not_future", "updated_at is at most 5 minutes after the run's clock");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void domainsDeclareTheseRulesInThisOrder() {
    assertEquals(List.copyOf(CUSTOMER_RULES.keySet()), Domains.CUSTOMERS.ruleNames());
    assertEquals(List.copyOf(ACCOUNT_RULES.keySet()), Domains.ACCOUNTS.ruleNames());
  }

  // Customers

  @Test
  public void validCustomerUpsertAndDeletePassEveryRule() {
    CustomerChange upsert = customer(1).build();
    CustomerChange delete = customerDelete(2).build();

    PipelineResult run = expect(validate(customers(), upsert, delete), List.of(upsert, delete), List.of());

    assertCounters(run, counters(CUSTOMER_RULES, 2, Map.of(), 2, 0, 0));
  }

  @Test
  public void eachCustomerRuleBrokenAloneIsNamedWithItsDescription() {
    Map<String, CustomerChange> breakingOneRule = new LinkedHashMap<>();
    breakingOneRule.put("customer_id_format", customer(1).setCustomerId("C 000001").build());
    breakingOneRule.put("op_known", customer(2).setOp("MERGE").build());
    breakingOneRule.put("document_type_known", customer(3).setDocumentType("dni").build());
    breakingOneRule.put("document_id_present", customer(4).setDocumentId(" \t").build());
    breakingOneRule.put("full_name_present", customer(5).setFullName("").build());
    breakingOneRule.put("segment_known", customer(6).setSegment("VIP").build());
    breakingOneRule.put("status_known", customer(7).setStatus("CLOSED").build());
    breakingOneRule.put("country_iso3166", customer(8).setCountry("PER").build());
    breakingOneRule.put("updated_at_not_future", customer(9).setUpdatedAt(LATEST.plus(1)).build());
    assertEquals(CUSTOMER_RULES.keySet(), breakingOneRule.keySet());

    PipelineResult run =
        expect(
            validate(customers(), List.copyOf(breakingOneRule.values())),
            List.of(),
            breakingOneRule.entrySet().stream()
                .map(e -> quarantined(CUSTOMER_RULES, e.getValue(), e.getKey()))
                .collect(Collectors.toList()));

    Map<String, Long> failedOnce =
        CUSTOMER_RULES.keySet().stream().collect(Collectors.toMap(name -> name, name -> 1L));
    assertCounters(run, counters(CUSTOMER_RULES, 9, failedOnce, 0, 9, 0));
  }

  @Test
  public void customerBreakingTwoRulesListsBothInRuleOrder() {
    CustomerChange broken = customer(1).setCountry("Peru").setSegment("VIP").build();

    PipelineResult run =
        expect(
            validate(customers(), broken),
            List.of(),
            List.of(
                FailedRecord.of(
                    FailedRecord.Stage.VALIDATE,
                    List.of("segment_known", "country_iso3166"),
                    "broke segment_known: segment is one of RETAIL, PREMIUM, SME, CORPORATE (on an UPSERT);"
                        + " country_iso3166: country is an ISO 3166 alpha-2 code, such as PE or US (on an UPSERT)",
                    broken)));

    assertCounters(
        run, counters(CUSTOMER_RULES, 1, Map.of("segment_known", 1L, "country_iso3166", 1L), 0, 1, 0));
  }

  @Test
  public void attributeRulesAreNotAppliedToACustomerDelete() {
    CustomerChange withoutAttributes = customerDelete(1).build();
    CustomerChange withBadAttributes =
        customer(2)
            .setOp("DELETE")
            .setDocumentType("PASSPORTE")
            .setDocumentId("")
            .setFullName(" ")
            .setSegment("VIP")
            .setStatus("GONE")
            .setCountry("ZZ")
            .build();
    // the rules every change must meet still judge a DELETE
    CustomerChange badId = customerDelete(3).setCustomerId("C/000001").build();
    CustomerChange future = customerDelete(4).setUpdatedAt(LATEST.plus(1)).build();

    PipelineResult run =
        expect(
            validate(customers(), withoutAttributes, withBadAttributes, badId, future),
            List.of(withoutAttributes, withBadAttributes),
            List.of(
                quarantined(CUSTOMER_RULES, badId, "customer_id_format"),
                quarantined(CUSTOMER_RULES, future, "updated_at_not_future")));

    assertCounters(
        run,
        counters(CUSTOMER_RULES, 4, Map.of("customer_id_format", 1L, "updated_at_not_future", 1L), 2, 2, 0));
  }

  @Test
  public void opKnownRefusesEveryOtherOpAndTheirAttributesAreNotJudged() {
    CustomerChange merge = customer(1).setOp("MERGE").setSegment("VIP").build();
    CustomerChange lowerCase = customer(2).setOp("upsert").build();
    CustomerChange padded = customerDelete(3).setOp(" DELETE").build();
    CustomerChange empty = customerDelete(4).setOp("").build();

    PipelineResult run =
        expect(
            validate(customers(), merge, lowerCase, padded, empty),
            List.of(),
            List.of(
                quarantined(CUSTOMER_RULES, merge, "op_known"),
                quarantined(CUSTOMER_RULES, lowerCase, "op_known"),
                quarantined(CUSTOMER_RULES, padded, "op_known"),
                quarantined(CUSTOMER_RULES, empty, "op_known")));

    assertCounters(run, counters(CUSTOMER_RULES, 4, Map.of("op_known", 4L), 0, 4, 0));
  }

  @Test
  public void updatedAtFiveMinutesAfterTheClockPassesAndOneMillisecondLaterFails() {
    CustomerChange latest = customer(1).setUpdatedAt(LATEST).build();
    CustomerChange tooLate = customer(2).setUpdatedAt(LATEST.plus(1)).build();
    CustomerChange deleteAtLatest = customerDelete(3).setUpdatedAt(LATEST).build();

    PipelineResult run =
        expect(
            validate(customers(), latest, tooLate, deleteAtLatest),
            List.of(latest, deleteAtLatest),
            List.of(
                FailedRecord.of(
                    FailedRecord.Stage.VALIDATE,
                    List.of("updated_at_not_future"),
                    "broke updated_at_not_future: updated_at is at most 5 minutes after the run's clock",
                    tooLate)));

    assertEquals(Instant.parse("2026-11-20T10:50:00.001Z"), tooLate.getEventTime());
    assertCounters(run, counters(CUSTOMER_RULES, 3, Map.of("updated_at_not_future", 1L), 2, 1, 0));
  }

  @Test
  public void warnOverridePassesTheCustomerAndCountsTheBrokenRule() {
    CustomerChange vip = customer(1).setSegment("VIP").build();
    CustomerChange vipInNowhere = customer(2).setSegment("VIP").setCountry("XX").build();
    ValidateRecords<CustomerChange> transform =
        customers().withActions(RuleActions.parse("segment_known=WARN", Domains.CUSTOMERS.ruleNames()));

    PipelineResult run =
        expect(
            validate(transform, vip, vipInNowhere),
            List.of(vip),
            List.of(
                FailedRecord.of(
                    FailedRecord.Stage.VALIDATE,
                    List.of("segment_known", "country_iso3166"),
                    "broke segment_known: segment is one of RETAIL, PREMIUM, SME, CORPORATE (on an UPSERT) [WARN];"
                        + " country_iso3166: country is an ISO 3166 alpha-2 code, such as PE or US (on an UPSERT)",
                    vipInNowhere)));

    assertCounters(
        run, counters(CUSTOMER_RULES, 2, Map.of("segment_known", 2L, "country_iso3166", 1L), 1, 1, 0));
  }

  @Test
  public void overrideNamingATransactionsRuleIsRefusedListingTheCustomersRules() {
    IllegalArgumentException parsed =
        assertThrows(
            IllegalArgumentException.class,
            () -> RuleActions.parse("amount_max=WARN", Domains.CUSTOMERS.ruleNames()));
    IllegalArgumentException given =
        assertThrows(
            IllegalArgumentException.class,
            () -> Domains.CUSTOMERS.validate().withActions(Map.of("amount_max", RuleAction.WARN)));

    String expected =
        "unknown rule \"amount_max\". Expected rule=ACTION[,rule=ACTION...] with rules customer_id_format, op_known,"
            + " document_type_known, document_id_present, full_name_present, segment_known, status_known,"
            + " country_iso3166, updated_at_not_future and actions [QUARANTINE, DROP, WARN, FAIL]";
    assertEquals("Bad rule actions \"amount_max=WARN\": " + expected, parsed.getMessage());
    assertEquals("Bad rule actions \"{amount_max=WARN}\": " + expected, given.getMessage());
  }

  @Test
  public void dropOverrideLeavesTheCustomerOutUnlessAQuarantineRuleIsBroken() {
    CustomerChange valid = customer(1).build();
    CustomerChange blocked = customer(2).setStatus("SUSPENDED").build();
    CustomerChange blockedNoName = customer(3).setStatus("SUSPENDED").setFullName("").build();
    ValidateRecords<CustomerChange> transform =
        customers().withActions(RuleActions.parse("status_known=drop", Domains.CUSTOMERS.ruleNames()));

    PipelineResult run =
        expect(
            validate(transform, valid, blocked, blockedNoName),
            List.of(valid),
            List.of(
                FailedRecord.of(
                    FailedRecord.Stage.VALIDATE,
                    List.of("full_name_present", "status_known"),
                    "broke full_name_present: full_name is not blank (on an UPSERT);"
                        + " status_known: status is one of ACTIVE, INACTIVE, BLOCKED (on an UPSERT) [DROP]",
                    blockedNoName)));

    assertCounters(
        run, counters(CUSTOMER_RULES, 3, Map.of("status_known", 2L, "full_name_present", 1L), 1, 1, 1));
  }

  @Test
  public void failOverrideAbortsTheRunNamingRuleSourceAndCustomer() {
    CustomerChange unknownCountry = customer(7).setCustomerId("C-000007").setCountry("UK").build();
    validate(
        customers().withActions(RuleActions.parse("country_iso3166=FAIL", Domains.CUSTOMERS.ruleNames())),
        customer(1).build(),
        unknownCountry);

    PipelineExecutionException thrown = assertThrows(PipelineExecutionException.class, () -> p.run());

    assertThat(thrown.getCause(), instanceOf(RuleFailedException.class));
    RuleFailedException cause = (RuleFailedException) thrown.getCause();
    assertEquals(
        "FAIL rule broken at in/customers.jsonl:7 by record C-000007:"
            + " country_iso3166: country is an ISO 3166 alpha-2 code, such as PE or US (on an UPSERT)",
        cause.getMessage());
    assertEquals(List.of("country_iso3166"), cause.getRuleNames());
    assertEquals(SourceRef.fileLine(CUSTOMERS_FILE, 7), cause.getSourceRef());
    assertEquals("C-000007", cause.getRecordId());
  }

  // Accounts

  @Test
  public void validAccountUpsertAndDeletePassEveryRule() {
    AccountChange upsert = account(1).build();
    AccountChange openedWhenUpdated = account(2).setOpenedAt(UPDATED_AT).setCurrency("JPY").build();
    AccountChange delete = accountDelete(3).build();

    PipelineResult run =
        expect(
            validate(accounts(), upsert, openedWhenUpdated, delete),
            List.of(upsert, openedWhenUpdated, delete),
            List.of());

    assertCounters(run, counters(ACCOUNT_RULES, 3, Map.of(), 3, 0, 0));
  }

  @Test
  public void eachAccountRuleBrokenAloneIsNamedWithItsDescription() {
    Map<String, AccountChange> breakingOneRule = new LinkedHashMap<>();
    breakingOneRule.put("account_id_format", account(1).setAccountId("A".repeat(65)).build());
    breakingOneRule.put("op_known", account(2).setOp("INSERT").build());
    breakingOneRule.put("customer_id_format", account(3).setCustomerId("").build());
    breakingOneRule.put("account_type_known", account(4).setAccountType("CURRENT").build());
    breakingOneRule.put("currency_iso4217", account(5).setCurrency("pen").build());
    breakingOneRule.put("status_known", account(6).setStatus("OPEN").build());
    breakingOneRule.put("opened_at_not_after_update", account(7).setOpenedAt(UPDATED_AT.plus(1)).build());
    breakingOneRule.put("updated_at_not_future", account(8).setUpdatedAt(LATEST.plus(1)).build());
    assertEquals(ACCOUNT_RULES.keySet(), breakingOneRule.keySet());

    PipelineResult run =
        expect(
            validate(accounts(), List.copyOf(breakingOneRule.values())),
            List.of(),
            breakingOneRule.entrySet().stream()
                .map(e -> quarantined(ACCOUNT_RULES, e.getValue(), e.getKey()))
                .collect(Collectors.toList()));

    Map<String, Long> failedOnce = ACCOUNT_RULES.keySet().stream().collect(Collectors.toMap(name -> name, name -> 1L));
    assertCounters(run, counters(ACCOUNT_RULES, 8, failedOnce, 0, 8, 0));
  }

  @Test
  public void accountBreakingThreeRulesListsThemInRuleOrder() {
    AccountChange broken = account(1).setStatus("OPEN").setAccountType("CURRENT").setCustomerId("C 1").build();

    PipelineResult run =
        expect(
            validate(accounts(), broken),
            List.of(),
            List.of(
                FailedRecord.of(
                    FailedRecord.Stage.VALIDATE,
                    List.of("customer_id_format", "account_type_known", "status_known"),
                    "broke customer_id_format: customer_id is 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'"
                        + " (on an UPSERT);"
                        + " account_type_known: account_type is one of SAVINGS, CHECKING, CREDIT_CARD, LOAN"
                        + " (on an UPSERT);"
                        + " status_known: status is one of ACTIVE, FROZEN, CLOSED (on an UPSERT)",
                    broken)));

    assertCounters(
        run,
        counters(
            ACCOUNT_RULES, 1, Map.of("customer_id_format", 1L, "account_type_known", 1L, "status_known", 1L), 0, 1, 0));
  }

  @Test
  public void attributeRulesAreNotAppliedToAnAccountDelete() {
    AccountChange withoutAttributes = accountDelete(1).build();
    AccountChange withBadAttributes =
        account(2)
            .setOp("DELETE")
            .setCustomerId("C 1")
            .setAccountType("CURRENT")
            .setCurrency("XYZ")
            .setStatus("OPEN")
            .setOpenedAt(UPDATED_AT.plus(Duration.standardDays(1)))
            .build();
    AccountChange badId = accountDelete(3).setAccountId("").build();

    PipelineResult run =
        expect(
            validate(accounts(), withoutAttributes, withBadAttributes, badId),
            List.of(withoutAttributes, withBadAttributes),
            List.of(quarantined(ACCOUNT_RULES, badId, "account_id_format")));

    assertCounters(run, counters(ACCOUNT_RULES, 3, Map.of("account_id_format", 1L), 2, 1, 0));
  }

  @Test
  public void warnOverrideOfAnAccountRulePassesTheAccount() {
    AccountChange oldCurrency = account(1).setCurrency("PEH").build();
    ValidateRecords<AccountChange> transform =
        accounts().withActions(RuleActions.parse("currency_iso4217=WARN", Domains.ACCOUNTS.ruleNames()));

    PipelineResult run = expect(validate(transform, oldCurrency), List.of(oldCurrency), List.of());

    assertCounters(run, counters(ACCOUNT_RULES, 1, Map.of("currency_iso4217", 1L), 1, 0, 0));
  }

  @Test
  public void overrideNamingACustomersRuleIsRefusedForAccounts() {
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () -> RuleActions.parse("segment_known=WARN", Domains.ACCOUNTS.ruleNames()));

    assertEquals(
        "Bad rule actions \"segment_known=WARN\": unknown rule \"segment_known\"."
            + " Expected rule=ACTION[,rule=ACTION...] with rules account_id_format, op_known, customer_id_format,"
            + " account_type_known, currency_iso4217, status_known, opened_at_not_after_update, updated_at_not_future"
            + " and actions [QUARANTINE, DROP, WARN, FAIL]",
        thrown.getMessage());
  }

  @Test
  public void dropOverrideOfAnAccountRuleLeavesTheAccountOut() {
    AccountChange openedLater = account(1).setOpenedAt(UPDATED_AT.plus(Duration.standardHours(1))).build();
    AccountChange valid = account(2).build();
    ValidateRecords<AccountChange> transform =
        accounts().withActions(Map.of("opened_at_not_after_update", RuleAction.DROP));

    PipelineResult run = expect(validate(transform, openedLater, valid), List.of(valid), List.of());

    assertCounters(run, counters(ACCOUNT_RULES, 2, Map.of("opened_at_not_after_update", 1L), 1, 0, 1));
  }

  @Test
  public void failOverrideOfAnAccountRuleAbortsTheRun() {
    AccountChange frozenTypo = account(4).setAccountId("ACC-000444").setStatus("FROZE").build();
    validate(accounts().withActions(Map.of("status_known", RuleAction.FAIL)), frozenTypo);

    PipelineExecutionException thrown = assertThrows(PipelineExecutionException.class, () -> p.run());

    assertThat(thrown.getCause(), instanceOf(RuleFailedException.class));
    RuleFailedException cause = (RuleFailedException) thrown.getCause();
    assertEquals(
        "FAIL rule broken at in/accounts.jsonl:4 by record ACC-000444:"
            + " status_known: status is one of ACTIVE, FROZEN, CLOSED (on an UPSERT)",
        cause.getMessage());
    assertEquals(SourceRef.fileLine(ACCOUNTS_FILE, 4), cause.getSourceRef());
  }

  // Helpers

  private static ValidateRecords<CustomerChange> customers() {
    return Domains.CUSTOMERS.validate().withNow(NOW);
  }

  private static ValidateRecords<AccountChange> accounts() {
    return Domains.ACCOUNTS.validate().withNow(NOW);
  }

  @SafeVarargs
  private <T extends DomainRecord> WithFailures.Result<PCollection<T>, FailedRecord> validate(
      ValidateRecords<T> transform, T... records) {
    return validate(transform, List.of(records));
  }

  private <T extends DomainRecord> WithFailures.Result<PCollection<T>, FailedRecord> validate(
      ValidateRecords<T> transform, List<T> records) {
    return p.apply(Create.of(records)).apply("ValidateRecords", transform);
  }

  /** Asserts both outputs exactly (an empty list asserts an empty output), then runs the pipeline. */
  private <T> PipelineResult expect(
      WithFailures.Result<PCollection<T>, FailedRecord> result, List<T> valid, List<FailedRecord> quarantined) {
    PAssert.that(result.output()).containsInAnyOrder(valid);
    PAssert.that(result.failures()).containsInAnyOrder(quarantined);
    return p.run();
  }
}
