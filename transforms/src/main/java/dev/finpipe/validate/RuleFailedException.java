package dev.finpipe.validate;

import dev.finpipe.model.SourceRef;
import dev.finpipe.model.DomainRecord;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link ValidateRecords} when a record breaks a rule whose action is {@link RuleAction#FAIL}, so the
 * run aborts before anything is committed. The message names the rules, the source coordinates and the record.
 */
public class RuleFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> ruleNames;
  private final SourceRef sourceRef;
  private final String recordId;

  RuleFailedException(List<? extends ValidationRule<?>> rules, DomainRecord record) {
    super(
        "FAIL rule broken at "
            + record.getSourceRef()
            + " by record "
            + record.recordId()
            + ": "
            + rules.stream().map(ValidationRule::toString).collect(Collectors.joining("; ")));
    this.ruleNames = rules.stream().map(ValidationRule::getName).collect(Collectors.toUnmodifiableList());
    this.sourceRef = record.getSourceRef();
    this.recordId = record.recordId();
  }

  /** The FAIL rules the record broke, in rule order. */
  public List<String> getRuleNames() {
    return ruleNames;
  }

  public SourceRef getSourceRef() {
    return sourceRef;
  }

  /** The id of the record that broke them (a transaction id, a customer id). */
  public String getRecordId() {
    return recordId;
  }
}
