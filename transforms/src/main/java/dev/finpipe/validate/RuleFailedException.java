package dev.finpipe.validate;

import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link ValidateTransactions} when a record breaks a rule whose action is {@link RuleAction#FAIL}, so the
 * run aborts before anything is committed. The message names the rules, the source coordinates and the transaction.
 */
public class RuleFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> ruleNames;
  private final SourceRef sourceRef;
  private final String transactionId;

  RuleFailedException(List<ValidationRule> rules, Transaction tx) {
    super(
        "FAIL rule broken at "
            + tx.getSourceRef()
            + " by transaction "
            + tx.getTransactionId()
            + ": "
            + rules.stream().map(ValidationRule::toString).collect(Collectors.joining("; ")));
    this.ruleNames = rules.stream().map(ValidationRule::getName).collect(Collectors.toUnmodifiableList());
    this.sourceRef = tx.getSourceRef();
    this.transactionId = tx.getTransactionId();
  }

  /** The FAIL rules the record broke, in rule order. */
  public List<String> getRuleNames() {
    return ruleNames;
  }

  public SourceRef getSourceRef() {
    return sourceRef;
  }

  public String getTransactionId() {
    return transactionId;
  }
}
