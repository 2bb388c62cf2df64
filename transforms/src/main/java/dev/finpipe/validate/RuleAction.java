package dev.finpipe.validate;

/** What happens to a record that fails a rule. */
public enum RuleAction {
  /** The record goes to quarantine with the names of every rule it failed. The default. */
  QUARANTINE,
  /** The record is dropped and counted (it appears in the run's books as "dropped"). */
  DROP,
  /** The failure is counted; the record continues to silver. */
  WARN,
  /** The run aborts before anything is committed. */
  FAIL
}
