package dev.finpipe.validate;

import static dev.finpipe.testing.TestRecords.EVENT_TIME;
import static dev.finpipe.testing.TestRecords.FILE;
import static dev.finpipe.testing.TestRecords.transaction;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.Counters;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

@RunWith(JUnit4.class)
public class ValidateRecordsTest {
  /** The run's clock: 45 minutes after the default event time. */
  private static final Instant NOW = EVENT_TIME.plus(Duration.standardMinutes(45));

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void validRecordPassesEveryRule() {
    Transaction valid = transaction().build();

    expect(validate(standard(), valid), List.of(valid), List.of());
  }

  @Test
  public void valuesOnTheBoundariesPass() {
    List<Transaction> boundaries =
        List.of(
            atLine(1).setTransactionId("A".repeat(64)).build(),
            atLine(2).setTransactionId("tx_0001-B").build(),
            atLine(3).setAmount(new BigDecimal("1000000000.00")).build(),
            atLine(4).setAmount(new BigDecimal("0.01")).build(),
            atLine(5).setAmount(new BigDecimal("1.50")).build(),
            atLine(6).setAmount(new BigDecimal("100.00")).setCurrency("JPY").build(),
            atLine(7).setAmount(new BigDecimal("1.505")).setCurrency("KWD").build(),
            atLine(8).setEventTime(NOW.plus(ValidationRules.FUTURE_TOLERANCE)).build());

    expect(validate(standard(), boundaries), boundaries, List.of());
  }

  @Test
  public void eachRuleBrokenAloneIsNamed() {
    Map<String, Transaction> breakingOneRule =
        Map.of(
            "transaction_id_format", atLine(1).setTransactionId("tx 0001").build(),
            "account_id_present", atLine(2).setAccountId(" \t").build(),
            "user_id_present", atLine(3).setUserId("").build(),
            "amount_positive", atLine(4).setAmount(new BigDecimal("0.00")).build(),
            "amount_max", atLine(5).setAmount(new BigDecimal("1000000000.01")).build(),
            // 3 decimals would break amount_minor_units too, were the currency known
            "currency_iso4217", atLine(6).setCurrency("pen").setAmount(new BigDecimal("1.505")).build(),
            "amount_minor_units", atLine(7).setAmount(new BigDecimal("100.5")).setCurrency("JPY").build(),
            "type_known", atLine(8).setType("purchase").build(),
            "status_known", atLine(9).setStatus("SETTLED").build(),
            "event_time_not_future",
            atLine(10).setEventTime(NOW.plus(ValidationRules.FUTURE_TOLERANCE).plus(1)).build());
    assertEquals(Set.copyOf(ValidationRules.names()), breakingOneRule.keySet());

    expect(
        validate(standard(), List.copyOf(breakingOneRule.values())),
        List.of(),
        breakingOneRule.entrySet().stream()
            .map(e -> quarantined(e.getValue(), e.getKey()))
            .collect(Collectors.toList()));
  }

  @Test
  public void recordBreakingSeveralRulesListsThemAllInRuleOrder() {
    Transaction broken =
        transaction().setType("BUY").setAmount(new BigDecimal("-1.505")).setCurrency("USD").build();

    expect(
        validate(standard(), broken),
        List.of(),
        List.of(
            FailedRecord.of(
                FailedRecord.Stage.VALIDATE,
                List.of("amount_positive", "amount_minor_units", "type_known"),
                "broke amount_positive: amount is greater than 0;"
                    + " amount_minor_units: amount has no more decimal places than the currency's minor unit"
                    + " (2 for PEN, 0 for JPY, 3 for KWD);"
                    + " type_known: type is one of PURCHASE, TRANSFER, WITHDRAWAL, DEPOSIT, PAYMENT, REFUND",
                broken)));
  }

  @Test
  public void dropRuleLeavesRecordOutAndWarnRuleKeepsItBothCounted() {
    Transaction valid = atLine(1).build();
    Transaction unknownType = atLine(2).setType("BUY").build();
    Transaction unknownStatus = atLine(3).setStatus("SETTLED").build();
    Transaction both = atLine(4).setType("BUY").setStatus("SETTLED").build();
    ValidateRecords transform =
        standard().withActions(Map.of("type_known", RuleAction.DROP, "status_known", RuleAction.WARN));

    PipelineResult run =
        expect(
            validate(transform, valid, unknownType, unknownStatus, both), List.of(valid, unknownStatus), List.of());

    assertCounters(
        run,
        Map.of(
            "dropped", 2L,
            "valid", 2L,
            "quarantined", 0L,
            "rule_type_known_failed", 2L,
            "rule_status_known_failed", 2L,
            "rule_status_known_passed", 2L));
  }

  @Test
  public void quarantineRuleWinsAndTheErrorMarksDropAndWarnRules() {
    Transaction broken = transaction().setAmount(new BigDecimal("-5.00")).setType("BUY").setStatus("SETTLED").build();
    ValidateRecords transform =
        standard().withActions(Map.of("type_known", RuleAction.DROP, "status_known", RuleAction.WARN));

    expect(
        validate(transform, broken),
        List.of(),
        List.of(
            FailedRecord.of(
                FailedRecord.Stage.VALIDATE,
                List.of("amount_positive", "type_known", "status_known"),
                "broke amount_positive: amount is greater than 0;"
                    + " type_known: type is one of PURCHASE, TRANSFER, WITHDRAWAL, DEPOSIT, PAYMENT, REFUND [DROP];"
                    + " status_known: status is one of APPROVED, DECLINED, PENDING, REVERSED [WARN]",
                broken)));
  }

  @Test
  public void failRuleAbortsTheRunNamingRuleSourceAndTransaction() {
    Transaction tooLarge = atLine(7).setAmount(new BigDecimal("2000000000.00")).build();
    validate(standard().withActions(RuleActions.parse("amount_max=FAIL", ValidationRules.names())), atLine(1).build(), tooLarge);

    PipelineExecutionException thrown = assertThrows(PipelineExecutionException.class, () -> p.run());

    assertThat(thrown.getCause(), instanceOf(RuleFailedException.class));
    RuleFailedException cause = (RuleFailedException) thrown.getCause();
    assertEquals(
        "FAIL rule broken at in/transactions.jsonl:7 by record tx-0001:"
            + " amount_max: amount is at most 1,000,000,000",
        cause.getMessage());
    assertEquals(List.of("amount_max"), cause.getRuleNames());
    assertEquals(SourceRef.fileLine(FILE, 7), cause.getSourceRef());
  }

  @Test
  public void countersCountEveryRuleOutcome() {
    Transaction valid = atLine(1).build();
    Transaction zero = atLine(2).setAmount(new BigDecimal("0")).build();
    Transaction unknownCurrency = atLine(3).setCurrency("ABC").build();

    PipelineResult run =
        expect(
            validate(standard(), valid, zero, unknownCurrency),
            List.of(valid),
            List.of(quarantined(zero, "amount_positive"), quarantined(unknownCurrency, "currency_iso4217")));

    assertCounters(
        run,
        Map.of(
            "rule_amount_positive_passed", 2L,
            "rule_amount_positive_failed", 1L,
            "rule_currency_iso4217_passed", 2L,
            "rule_currency_iso4217_failed", 1L,
            "rule_amount_minor_units_passed", 3L,
            "rule_amount_minor_units_failed", 0L,
            "valid", 1L,
            "quarantined", 2L,
            "dropped", 0L));
  }

  @Test
  public void withActionsRefusesUnknownRules() {
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () -> ValidateRecords.of(ValidationRules.standard(), Transaction.class).withActions(Map.of("amount_maximum", RuleAction.FAIL)));

    assertThat(thrown.getMessage(), containsString("unknown rule \"amount_maximum\""));
  }

  @Test
  public void clockDefaultsToWhenTheTransformIsCreated() {
    Instant before = Instant.now();
    Instant now = ValidateRecords.of(ValidationRules.standard(), Transaction.class).getNow();

    assertTrue(!now.isBefore(before) && !now.isAfter(Instant.now()));
  }

  /** Asserts both outputs exactly (an empty list asserts an empty output), then runs the pipeline. */
  private PipelineResult expect(
      WithFailures.Result<PCollection<Transaction>, FailedRecord> result,
      List<Transaction> valid,
      List<FailedRecord> quarantined) {
    PAssert.that(result.output()).containsInAnyOrder(valid);
    PAssert.that(result.failures()).containsInAnyOrder(quarantined);
    return p.run();
  }

  private static ValidateRecords standard() {
    return ValidateRecords.of(ValidationRules.standard(), Transaction.class).withNow(NOW);
  }

  /** The valid transaction, as read from line {@code line}. */
  private static Transaction.Builder atLine(long line) {
    return transaction().setSourceRef(SourceRef.fileLine(FILE, line));
  }

  /** The quarantine row for {@code tx} breaking {@code rules}, all with the default action. */
  private static FailedRecord quarantined(Transaction tx, String... rules) {
    String error =
        "broke "
            + Stream.of(rules)
                .map(name -> ValidationRules.standard().stream().filter(r -> r.getName().equals(name)).findFirst())
                .map(rule -> rule.orElseThrow().getName() + ": " + rule.orElseThrow().getDescription())
                .collect(Collectors.joining("; "));
    return FailedRecord.of(FailedRecord.Stage.VALIDATE, List.of(rules), error, tx);
  }

  private WithFailures.Result<PCollection<Transaction>, FailedRecord> validate(
      ValidateRecords<Transaction> transform, Transaction... transactions) {
    return validate(transform, Arrays.asList(transactions));
  }

  private WithFailures.Result<PCollection<Transaction>, FailedRecord> validate(
      ValidateRecords<Transaction> transform, List<Transaction> transactions) {
    return p.apply(Create.of(transactions)).apply("ValidateRecords", transform);
  }

  private static void assertCounters(PipelineResult run, Map<String, Long> expected) {
    assertEquals(expected, Counters.values(run, ValidateRecords.class, expected.keySet()));
  }
}
