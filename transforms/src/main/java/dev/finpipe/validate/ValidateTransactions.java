package dev.finpipe.validate;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.FailedRecord.Stage;
import dev.finpipe.model.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Judges each transaction by every rule. A record failing any QUARANTINE rule goes to the failure output (stage
 * VALIDATE) naming all the rules it failed; one failing only DROP (and WARN) rules is dropped and counted; WARN
 * failures are counted and the record passes; a FAIL rule failing throws {@link RuleFailedException}, which aborts the
 * run before the commit.
 *
 * <pre>{@code
 * tx.apply("ValidateTransactions", ValidateTransactions.create().withActions(Map.of("amount_max", RuleAction.FAIL)));
 * }</pre>
 */
public final class ValidateTransactions
    extends PTransform<PCollection<Transaction>, WithFailures.Result<PCollection<Transaction>, FailedRecord>> {
  public static final TupleTag<Transaction> VALID = new TupleTag<Transaction>() {};
  public static final TupleTag<FailedRecord> INVALID = new TupleTag<FailedRecord>() {};

  private final List<ValidationRule> rules;
  private final Map<String, RuleAction> actions;
  private final Instant now;

  private ValidateTransactions(List<ValidationRule> rules, Map<String, RuleAction> actions, Instant now) {
    this.rules = List.copyOf(rules);
    this.actions = Map.copyOf(actions);
    this.now = now;
  }

  /** The standard rules, every one QUARANTINE, judged against the time of this call. */
  public static ValidateTransactions create() {
    return new ValidateTransactions(ValidationRules.standard(), Map.of(), Instant.now());
  }

  /** Overrides the actions of some rules; unknown rule names are refused. */
  public ValidateTransactions withActions(Map<String, RuleAction> overrides) {
    for (String name : overrides.keySet()) {
      if (rules.stream().noneMatch(r -> r.name().equals(name))) {
        throw new IllegalArgumentException("No validation rule named " + name);
      }
    }
    Map<String, RuleAction> merged = new LinkedHashMap<>(actions);
    merged.putAll(overrides);
    return new ValidateTransactions(rules, merged, now);
  }

  /** Fixes the run's clock for {@code event_time_not_future}. */
  public ValidateTransactions withNow(Instant runStart) {
    return new ValidateTransactions(rules, actions, runStart);
  }

  public static String passedCounter(String rule) {
    return "rule_" + rule + "_passed";
  }

  public static String failedCounter(String rule) {
    return "rule_" + rule + "_failed";
  }

  public RuleAction actionOf(String rule) {
    return actions.getOrDefault(rule, RuleAction.QUARANTINE);
  }

  @Override
  public WithFailures.Result<PCollection<Transaction>, FailedRecord> expand(PCollection<Transaction> input) {
    PCollectionTuple judged =
        input.apply("ApplyRules", ParDo.of(new ApplyRulesFn(this)).withOutputTags(VALID, TupleTagList.of(INVALID)));
    return WithFailures.Result.of(judged.get(VALID), judged.get(INVALID));
  }

  static final class ApplyRulesFn extends DoFn<Transaction, Transaction> {
    private final List<ValidationRule> rules;
    private final List<RuleAction> ruleActions = new ArrayList<>();
    private final Instant now;
    private final List<Counter> passed = new ArrayList<>();
    private final List<Counter> failed = new ArrayList<>();
    private final Counter dropped = Metrics.counter(ValidateTransactions.class, "dropped");
    private final Counter warned = Metrics.counter(ValidateTransactions.class, "warned");

    ApplyRulesFn(ValidateTransactions spec) {
      this.rules = spec.rules;
      this.now = spec.now;
      for (ValidationRule rule : rules) {
        ruleActions.add(spec.actionOf(rule.name()));
        passed.add(Metrics.counter(ValidateTransactions.class, passedCounter(rule.name())));
        failed.add(Metrics.counter(ValidateTransactions.class, failedCounter(rule.name())));
      }
    }

    @ProcessElement
    public void process(@Element Transaction tx, MultiOutputReceiver out) {
      List<String> quarantineRules = new ArrayList<>();
      List<String> descriptions = new ArrayList<>();
      boolean drop = false;
      boolean warn = false;
      for (int i = 0; i < rules.size(); i++) {
        ValidationRule rule = rules.get(i);
        if (rule.passes(tx, now)) {
          passed.get(i).inc();
          continue;
        }
        failed.get(i).inc();
        switch (ruleActions.get(i)) {
          case FAIL:
            throw new RuleFailedException(
                "Rule " + rule.name() + " (" + rule.description() + ") has action FAIL and transaction "
                    + tx.getTransactionId() + " at " + tx.getSourceRef() + " broke it");
          case QUARANTINE:
            quarantineRules.add(rule.name());
            descriptions.add(rule.name() + ": " + rule.description());
            break;
          case DROP:
            drop = true;
            break;
          case WARN:
            warn = true;
            break;
        }
      }
      if (!quarantineRules.isEmpty()) {
        out.get(INVALID)
            .output(FailedRecord.of(Stage.VALIDATE, quarantineRules, "Failed " + String.join("; ", descriptions), tx));
      } else if (drop) {
        dropped.inc();
      } else {
        if (warn) {
          warned.inc();
        }
        out.get(VALID).output(tx);
      }
    }
  }
}
