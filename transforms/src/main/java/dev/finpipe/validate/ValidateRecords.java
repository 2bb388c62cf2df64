package dev.finpipe.validate;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.DomainRecord;
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
 * Checks parsed records of one domain against the domain's named rules (for transactions
 * {@link ValidationRules#standard()}), each with a {@link RuleAction}. Every rule is checked on every record. A record that breaks a {@code QUARANTINE} rule goes to
 * the failure output (stage {@code VALIDATE}) with the names of all the rules it broke, in rule order, whatever their
 * actions; one that breaks only {@code DROP} (and {@code WARN}) rules is left out; {@code WARN} rules are counted and
 * the record passes; a broken {@code FAIL} rule throws {@link RuleFailedException}, which aborts the run.
 *
 * <p>Counters (namespace this class): {@code rule_<name>_passed} and {@code rule_<name>_failed} per rule, and per
 * record one of {@code valid}, {@code quarantined}, {@code dropped}.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> validated =
 *     parsed.apply("ValidateRecords",
 *         ValidateRecords.of(ValidationRules.standard(), Transaction.class)
 *             .withActions(RuleActions.parse("amount_max=FAIL,type_known=WARN", ValidationRules.names())));
 * }</pre>
 */
@AutoValue
public abstract class ValidateRecords<T extends DomainRecord>
    extends PTransform<PCollection<T>, WithFailures.Result<PCollection<T>, FailedRecord>> {
  /** The domain's rules, in check order. */
  public abstract List<ValidationRule<T>> getRules();

  abstract Class<T> getRecordType();

  /** Action overrides by rule name; rules not named here use {@link RuleAction#QUARANTINE}. */
  public abstract Map<String, RuleAction> getActions();

  /** The run's clock, for the rules about time ({@code event_time_not_future}, {@code updated_at_not_future}). */
  public abstract Instant getNow();

  abstract Builder<T> toBuilder();

  /** {@code rules} (names unique), all quarantining, with the clock read now; {@code recordType} has a schema. */
  public static <T extends DomainRecord> ValidateRecords<T> of(List<ValidationRule<T>> rules, Class<T> recordType) {
    List<String> names = ValidationRules.namesOf(rules);
    if (Set.copyOf(names).size() != names.size()) {
      throw new IllegalArgumentException("Rule names repeat in " + names);
    }
    return new AutoValue_ValidateRecords.Builder<T>()
        .setRules(List.copyOf(rules))
        .setRecordType(recordType)
        .setActions(Map.of())
        .setNow(Instant.now())
        .build();
  }

  /**
   * Replaces the action overrides.
   *
   * @throws IllegalArgumentException when a key is not the name of one of the rules
   */
  public ValidateRecords<T> withActions(Map<String, RuleAction> actions) {
    return toBuilder().setActions(RuleActions.checked(actions, ValidationRules.namesOf(getRules()))).build();
  }

  /** Fixes the run's clock (by default, the time {@link #of} was called). */
  public ValidateRecords<T> withNow(Instant now) {
    return toBuilder().setNow(now).build();
  }

  /** The action taken when {@code rule} is broken. */
  public RuleAction actionOf(ValidationRule<T> rule) {
    return getActions().getOrDefault(rule.getName(), RuleAction.QUARANTINE);
  }

  /** The per-record logic, to chain with other steps in one ParDo (see {@link RecordStep}). */
  public RecordStep<T, T> step() {
    List<RuleAction> actions = getRules().stream().map(this::actionOf).collect(Collectors.toList());
    return new CheckRulesStep<>(getRules(), actions, getNow());
  }

  @Override
  public WithFailures.Result<PCollection<T>, FailedRecord> expand(PCollection<T> input) {
    return input.apply("CheckRules", RecordSteps.of(step(), getRecordType()));
  }

  /** Builder for {@link ValidateRecords}. */
  @AutoValue.Builder
  abstract static class Builder<T extends DomainRecord> {
    abstract Builder<T> setRules(List<ValidationRule<T>> rules);

    abstract Builder<T> setRecordType(Class<T> recordType);

    abstract Builder<T> setActions(Map<String, RuleAction> actions);

    abstract Builder<T> setNow(Instant now);

    abstract ValidateRecords<T> build();
  }

  /** Checks every rule on each record, counts each outcome, and routes the record by the actions of broken rules. */
  static final class CheckRulesStep<T extends DomainRecord> extends RecordStep<T, T> {
    private static final long serialVersionUID = 1L;
    private final List<ValidationRule<T>> rules;
    private final List<RuleAction> actions;
    private final Instant now;
    private final Counter valid = Metrics.counter(ValidateRecords.class, "valid");
    private final Counter quarantined = Metrics.counter(ValidateRecords.class, "quarantined");
    private final Counter dropped = Metrics.counter(ValidateRecords.class, "dropped");
    private transient List<Counter> passedCounters;
    private transient List<Counter> failedCounters;

    /** {@code actions} holds the action of each rule, in the same order. */
    CheckRulesStep(List<ValidationRule<T>> rules, List<RuleAction> actions, Instant now) {
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
          .map(rule -> Metrics.counter(ValidateRecords.class, "rule_" + rule.getName() + "_" + outcome))
          .collect(Collectors.toList());
    }

    @Override
    public void process(T tx, Receiver<T> receiver) {
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
    private List<Integer> brokenRules(T tx) {
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

    private List<ValidationRule<T>> rulesWith(List<Integer> broken, RuleAction action) {
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
