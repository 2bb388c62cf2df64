package dev.finpipe.aggregate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.history.Version;
import dev.finpipe.history.VersionCoder;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.EnrichedTransaction;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.Counters;
import dev.finpipe.validate.RuleAction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The point-in-time join: account A-1 is re-assigned from C-1 (SAVINGS) to C-2 (CHECKING) at 12:00; C-1's segment
 * changes from RETAIL to PREMIUM at 10:00 the same day; A-2's owner C-3 has no version; A-3 was closed on 11-10; A-9
 * never existed. Transactions fall exactly on a valid_from (10:00 of C-1, 12:00 of A-1) and before A-1's first
 * version.
 */
public class EnrichPointInTimeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static Instant at(String time) {
    return Instant.parse(time);
  }

  private static Version<AccountChange> account(
      String id, String customer, String type, String from, @Nullable String to) {
    AccountChange record = AccountChange.builder().setAccountId(id).setCustomerId(customer).setAccountType(type)
        .setCurrency("PEN").setStatus("ACTIVE").setOpenedAt(at("2026-10-01T00:00:00Z")).setOp("UPSERT")
        .setUpdatedAt(at(from)).setIngestedAt(at("2026-11-21T00:00:00Z")).setSourceRef(SourceRef.of("acc.jsonl", 0, 1))
        .setPayload(null).build();
    return Version.of(record, at(from), to == null ? null : at(to));
  }

  private static Version<CustomerChange> customer(String id, String segment, String from, @Nullable String to) {
    CustomerChange record = CustomerChange.builder().setCustomerId(id).setDocumentType("DNI").setDocumentId("1")
        .setFullName("Ana").setSegment(segment).setStatus("ACTIVE").setCountry("PE").setOp("UPSERT")
        .setUpdatedAt(at(from)).setIngestedAt(at("2026-11-21T00:00:00Z")).setSourceRef(SourceRef.of("cus.jsonl", 0, 1))
        .setPayload(null).build();
    return Version.of(record, at(from), to == null ? null : at(to));
  }

  private static Transaction tx(String id, String account, String amount, String status, String time) {
    return Transaction.builder().setTransactionId(id).setAccountId(account).setUserId("U-1")
        .setAmount(new BigDecimal(amount)).setCurrency("PEN").setType("PURCHASE").setStatus(status).setChannel(null)
        .setMerchant(null).setCountry(null).setEventTime(at(time)).setIngestedAt(at("2026-11-21T00:00:00Z"))
        .setSourceRef(SourceRef.of("tx.jsonl", 0, 1)).setPayload(null).build();
  }

  private static EnrichedTransaction enriched(String id, String account, String amount, String status, String time,
      @Nullable String customer, String accountType, String segment) {
    return EnrichedTransaction.builder().setTransactionId(id).setAccountId(account).setEventTime(at(time))
        .setAmount(new BigDecimal(amount)).setCurrency("PEN").setStatus(status).setCustomerId(customer)
        .setAccountType(accountType).setSegment(segment).build();
  }

  private static final List<Transaction> TRANSACTIONS = List.of(
      tx("t-1", "A-1", "10.00", "APPROVED", "2026-11-20T09:00:00Z"),
      tx("t-2", "A-1", "20.00", "APPROVED", "2026-11-20T10:00:00Z"), // exactly at C-1's PREMIUM valid_from
      tx("t-3", "A-1", "30.00", "DECLINED", "2026-11-20T11:59:59.999Z"),
      tx("t-4", "A-1", "40.00", "APPROVED", "2026-11-20T12:00:00Z"), // exactly at A-1 v1's valid_to
      tx("t-5", "A-2", "50.00", "APPROVED", "2026-11-20T13:00:00Z"), // owner C-3 unknown
      tx("t-6", "A-3", "60.00", "APPROVED", "2026-11-20T14:00:00Z"), // A-3 closed on 11-10
      tx("t-7", "A-9", "70.00", "APPROVED", "2026-11-20T15:00:00Z"), // no such account
      tx("t-8", "A-1", "80.00", "APPROVED", "2026-11-19T23:00:00Z")); // before A-1's first version

  private PCollectionTuple enrich(Map<String, RuleAction> actions) {
    PCollection<Version<AccountChange>> accounts = p.apply("Accounts", Create.of(List.of(
            account("A-1", "C-1", "SAVINGS", "2026-11-20T00:00:00Z", "2026-11-20T12:00:00Z"),
            account("A-1", "C-2", "CHECKING", "2026-11-20T12:00:00Z", null),
            account("A-2", "C-3", "CREDIT_CARD", "2026-11-01T00:00:00Z", null),
            account("A-3", "C-1", "LOAN", "2026-11-01T00:00:00Z", "2026-11-10T00:00:00Z")))
        .withCoder(VersionCoder.of(ModelCoders.of(p, AccountChange.class))));
    PCollection<Version<CustomerChange>> customers = p.apply("Customers", Create.of(List.of(
            customer("C-1", "RETAIL", "2026-11-01T00:00:00Z", "2026-11-20T10:00:00Z"),
            customer("C-1", "PREMIUM", "2026-11-20T10:00:00Z", null),
            customer("C-2", "SME", "2026-11-01T00:00:00Z", null)))
        .withCoder(VersionCoder.of(ModelCoders.of(p, CustomerChange.class))));
    return p.apply("Transactions", Create.of(TRANSACTIONS).withCoder(ModelCoders.of(p, Transaction.class)))
        .apply("EnrichPointInTime", EnrichPointInTime.withDimensions(accounts, customers).withActions(actions));
  }

  private static final List<EnrichedTransaction> RESOLVED = List.of(
      enriched("t-1", "A-1", "10.00", "APPROVED", "2026-11-20T09:00:00Z", "C-1", "SAVINGS", "RETAIL"),
      enriched("t-2", "A-1", "20.00", "APPROVED", "2026-11-20T10:00:00Z", "C-1", "SAVINGS", "PREMIUM"),
      enriched("t-3", "A-1", "30.00", "DECLINED", "2026-11-20T11:59:59.999Z", "C-1", "SAVINGS", "PREMIUM"),
      enriched("t-4", "A-1", "40.00", "APPROVED", "2026-11-20T12:00:00Z", "C-2", "CHECKING", "SME"));
  private static final EnrichedTransaction UNKNOWN_CUSTOMER =
      enriched("t-5", "A-2", "50.00", "APPROVED", "2026-11-20T13:00:00Z", "C-3", "CREDIT_CARD", "UNKNOWN");
  private static final List<EnrichedTransaction> UNKNOWN_ACCOUNTS = List.of(
      enriched("t-6", "A-3", "60.00", "APPROVED", "2026-11-20T14:00:00Z", null, "UNKNOWN", "UNKNOWN"),
      enriched("t-7", "A-9", "70.00", "APPROVED", "2026-11-20T15:00:00Z", null, "UNKNOWN", "UNKNOWN"),
      enriched("t-8", "A-1", "80.00", "APPROVED", "2026-11-19T23:00:00Z", null, "UNKNOWN", "UNKNOWN"));

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  public void eachTransactionGetsTheVersionsValidAtItsEventTimeAndUnknownsAreWarnedByDefault() {
    PCollectionTuple out = enrich(EnrichPointInTime.actions(null));

    List<EnrichedTransaction> expected = concat(concat(RESOLVED, List.of(UNKNOWN_CUSTOMER)), UNKNOWN_ACCOUNTS);
    PAssert.that(out.get(EnrichPointInTime.ENRICHED)).containsInAnyOrder(expected);
    PAssert.that(out.get(EnrichPointInTime.DROPPED)).empty();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(Map.of("account_known_broken", 3L, "customer_known_broken", 1L, "dropped", 0L),
        Counters.values(result, EnrichPointInTime.class, List.of("account_known_broken", "customer_known_broken", "dropped")));
  }

  @Test
  public void dropRulesLeaveUnknownAccountsAndCustomersOut() {
    PCollectionTuple out = enrich(EnrichPointInTime.actions("account_known=DROP, customer_known=drop"));

    PAssert.that(out.get(EnrichPointInTime.ENRICHED)).containsInAnyOrder(RESOLVED);
    PAssert.that(out.get(EnrichPointInTime.DROPPED)).containsInAnyOrder(concat(List.of(UNKNOWN_CUSTOMER), UNKNOWN_ACCOUNTS));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(Map.of("account_known_broken", 3L, "customer_known_broken", 1L, "dropped", 4L),
        Counters.values(result, EnrichPointInTime.class, List.of("account_known_broken", "customer_known_broken", "dropped")));
  }

  @Test
  public void dropOnlyUnknownAccountsKeepsUnknownCustomersAsUnknownSegment() {
    PCollectionTuple out = enrich(EnrichPointInTime.actions("account_known=DROP"));

    PAssert.that(out.get(EnrichPointInTime.ENRICHED)).containsInAnyOrder(concat(RESOLVED, List.of(UNKNOWN_CUSTOMER)));
    PAssert.that(out.get(EnrichPointInTime.DROPPED)).containsInAnyOrder(UNKNOWN_ACCOUNTS);
    p.run().waitUntilFinish();
  }

  @Test
  public void failRuleAbortsTheRunNamingTheRuleAndTransaction() {
    enrich(EnrichPointInTime.actions("customer_known=FAIL"));

    Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, () -> p.run());

    assertThat(e.getMessage(), containsString("FAIL rule customer_known broken: transaction t-5"));
    assertThat(e.getMessage(), containsString("customer C-3 (owner of account A-2)"));
  }

  @Test
  public void actionsDefaultToWarnAndRefuseQuarantineAndUnknownRules() {
    assertEquals(Map.of("account_known", RuleAction.WARN, "customer_known", RuleAction.WARN), EnrichPointInTime.actions(""));
    assertEquals(Map.of("account_known", RuleAction.FAIL, "customer_known", RuleAction.WARN),
        EnrichPointInTime.actions("account_known=fail"));
    IllegalArgumentException quarantine = assertThrows(IllegalArgumentException.class,
        () -> EnrichPointInTime.actions("customer_known=QUARANTINE"));
    assertThat(quarantine.getMessage(), containsString("customer_known=QUARANTINE: gold has no quarantine"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> EnrichPointInTime.actions("account_exists=DROP"));
    assertThat(unknown.getMessage(), containsString("unknown rule \"account_exists\""));
    assertThat(unknown.getMessage(), containsString("with rules account_known, customer_known"));
    assertEquals("account_known=DROP, customer_known=WARN",
        EnrichPointInTime.describe(EnrichPointInTime.actions("account_known=DROP")));
  }
}
