package dev.finpipe.validate;

/** What {@link ValidateRecords} does with a record that breaks a rule. */
public enum RuleAction {
  /** Send the record to the failure output (quarantine) with every rule it broke. The default. */
  QUARANTINE,
  /** Leave the record out and count it ({@code dropped}); nothing is written for it. */
  DROP,
  /** Count the broken rule and keep the record. */
  WARN,
  /** Throw {@link RuleFailedException}, aborting the run before anything is committed. */
  FAIL
}
