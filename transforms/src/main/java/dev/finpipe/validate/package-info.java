/**
 * Validating parsed transactions against named rules (expectations): {@link dev.finpipe.validate.ValidationRules}
 * holds the standard rules of the input contract with one-line descriptions, {@link dev.finpipe.validate.Currencies}
 * the ISO 4217 codes and minor units, and {@link dev.finpipe.validate.ValidateRecords} applies the rules, each
 * with a {@link dev.finpipe.validate.RuleAction} (quarantine by default, or drop, warn or fail the run) that
 * {@link dev.finpipe.validate.RuleActions#parse(String)} reads from the command line. Quarantined records go to a
 * failure output of {@link dev.finpipe.model.FailedRecord}s naming every rule they broke.
 */
package dev.finpipe.validate;
