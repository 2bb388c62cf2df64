package dev.finpipe.validate;

import dev.finpipe.model.Transaction;
import java.io.Serializable;
import org.joda.time.Instant;

/**
 * A named expectation on a parsed transaction: the name is what quarantine rows, counters and action overrides use;
 * the one-line description states what a passing record looks like and appears in docs and errors.
 */
public final class ValidationRule implements Serializable {
  private final String name;
  private final String description;
  private final Check check;

  private ValidationRule(String name, String description, Check check) {
    this.name = name;
    this.description = description;
    this.check = check;
  }

  public static ValidationRule of(String name, String description, Check check) {
    return new ValidationRule(name, description, check);
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  /** Whether {@code tx} meets the expectation, judged against the run's clock {@code now}. */
  public boolean passes(Transaction tx, Instant now) {
    return check.passes(tx, now);
  }

  @Override
  public String toString() {
    return name + ": " + description;
  }

  /** The test a rule applies; {@code now} is the run's clock, for rules about time. */
  @FunctionalInterface
  public interface Check extends Serializable {
    boolean passes(Transaction tx, Instant now);
  }
}
