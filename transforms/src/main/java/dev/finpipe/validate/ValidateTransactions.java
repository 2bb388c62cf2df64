package dev.finpipe.validate;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.Transaction;
import dev.finpipe.refine.RecordStep;
import dev.finpipe.refine.RecordSteps;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Checks parsed transactions against the named rules of {@link ValidationRules#standard()}, each with a
 * {@link RuleAction}. Every rule is checked on every record. A record that breaks a {@code QUARANTINE} rule goes to
 * the failure output (stage {@code VALIDATE}) with the names of all the rules it broke, in rule order, whatever their
 * actions; one that breaks only {@code DROP} (and {@code WARN}) rules is left out; {@code WARN} rules are counted and
 * the record passes; a broken {@code FAIL} rule throws {@link RuleFailedException}, which aborts the run.
 *
 * <p>Counters (namespace this class): {@code rule_<name>_passed} and {@code rule_<name>_failed} per rule, and per
 * record one of {@code valid}, {@code quarantined}, {@code dropped}.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> validated =
 *     parsed.apply("ValidateTransactions",
 *         ValidateTransactions.create().withActions(RuleActions.parse("amount_max=FAIL,type_known=WARN")));
 * }</pre>
 */
@AutoValue
public abstract class ValidateTransactions
    extends PTransform<PCollection<Transaction>, WithFailures.Result<PCollection<Transaction>, FailedRecord>> {
  /** Action overrides by rule name; rules not named here use {@link RuleAction#QUARANTINE}. */
  public abstract Map<String, RuleAction> getActions();

  /** The run's clock, for {@code event_time_not_future}. */
  public abstract Instant getNow();

  abstract Builder toBuilder();

  /** The standard rules, all quarantining, with the clock read now. */
  public static ValidateTransactions create() {
    return new AutoValue_ValidateTransactions.Builder().setActions(Map.of()).setNow(Instant.now()).build();
  }

  /**
   * Replaces the action overrides.
   *
   * @throws IllegalArgumentException when a key is not a standard rule name
   */
  public ValidateTransactions withActions(Map<String, RuleAction> actions) {
    return toBuilder().setActions(RuleActions.checked(actions)).build();
  }

  /** Fixes the run's clock (by default, the time {@link #create()} was called). */
  public ValidateTransactions withNow(Instant now) {
    return toBuilder().setNow(now).build();
  }

  /** The action taken when {@code rule} is broken. */
  public RuleAction actionOf(ValidationRule rule) {
    return getActions().getOrDefault(rule.getName(), RuleAction.QUARANTINE);
  }

  /** The per-record logic, to chain with other steps in one ParDo (see {@link RecordStep}). */
  public RecordStep<Transaction, Transaction> step() {
    List<ValidationRule> rules = ValidationRules.standard();
    List<RuleAction> actions = rules.stream().map(this::actionOf).collect(Collectors.toList());
    return new CheckRulesStep(rules, actions, getNow());
  }

  @Override
  public WithFailures.Result<PCollection<Transaction>, FailedRecord> expand(PCollection<Transaction> input) {
    return input.apply("CheckRules", RecordSteps.of(step(), Transaction.class));
  }

  /** Builder for {@link ValidateTransactions}. */
  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setActions(Map<String, RuleAction> actions);

    abstract Builder setNow(Instant now);

    abstract ValidateTransactions build();
  }

  /** Checks every rule on each record, counts each outcome, and routes the record by the actions of broken rules. */
  static final class CheckRulesStep extends RecordStep<Transaction, Transaction> {
    private static final long serialVersionUID = 1L;
    private final List<ValidationRule> rules;
    private final List<RuleAction> actions;
    private final Instant now;
    private final Counter valid = Metrics.counter(ValidateTransactions.class, "valid");
    private final Counter quarantined = Metrics.counter(ValidateTransactions.class, "quarantined");
    private final Counter dropped = Metrics.counter(ValidateTransactions.class, "dropped");
    private transient List<Counter> passedCounters;
    private transient List<Counter> failedCounters;

    /** {@code actions} holds the action of each rule, in the same order. */
    CheckRulesStep(List<ValidationRule> rules, List<RuleAction> actions, Instant now) {
      this.rules = List.copyOf(rules);
      this.actions = List.copyOf(actions);
      this.now = now;
    }

    @Override
    public void setup() {
      passedCounters = ruleCounters("passed");
      failedCounters = ruleCounters("failed");
    }

    private List<Counter> ruleCounters(String outcome) {
      return rules.stream()
          .map(rule -> Metrics.counter(ValidateTransactions.class, "rule_" + rule.getName() + "_" + outcome))
          .collect(Collectors.toList());
    }

    @Override
    public void process(Transaction tx, Receiver<Transaction> receiver) {
      List<Integer> broken = brokenRules(tx);
      Set<RuleAction> brokenActions = EnumSet.noneOf(RuleAction.class);
      broken.forEach(i -> brokenActions.add(actions.get(i)));
      if (brokenActions.contains(RuleAction.FAIL)) {
        throw new RuleFailedException(rulesWith(broken, RuleAction.FAIL), tx);
      }
      if (brokenActions.contains(RuleAction.QUARANTINE)) {
        quarantined.inc();
        receiver.refuse(FailedRecord.of(FailedRecord.Stage.VALIDATE, names(broken), error(broken), tx));
      } else if (brokenActions.contains(RuleAction.DROP)) {
        dropped.inc();
      } else {
        valid.inc();
        receiver.output(tx);
      }
    }

    /** The indexes of the rules {@code tx} breaks, counting every rule's outcome. */
    private List<Integer> brokenRules(Transaction tx) {
      List<Integer> broken = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).passes(tx, now)) {
          passedCounters.get(i).inc();
        } else {
          failedCounters.get(i).inc();
          broken.add(i);
        }
      }
      return broken;
    }

    private List<ValidationRule> rulesWith(List<Integer> broken, RuleAction action) {
      return broken.stream().filter(i -> actions.get(i) == action).map(rules::get).collect(Collectors.toList());
    }

    private List<String> names(List<Integer> broken) {
      return broken.stream().map(i -> rules.get(i).getName()).collect(Collectors.toList());
    }

    /** Each broken rule with its description; rules that would not quarantine on their own say their action. */
    private String error(List<Integer> broken) {
      return "broke "
          + broken.stream()
              .map(i -> rules.get(i) + (actions.get(i) == RuleAction.QUARANTINE ? "" : " [" + actions.get(i) + "]"))
              .collect(Collectors.joining("; "));
    }
  }
}
