package dev.finpipe.validate;

import java.io.Serializable;
import org.joda.time.Instant;

/**
 * A named expectation on a parsed record of one domain: the name is what quarantine rows, counters and action
 * overrides use (unique within its domain's rules); the one-line description states what a passing record looks like
 * and appears in docs and errors.
 */
public final class ValidationRule<T> implements Serializable {
  private final String name;
  private final String description;
  private final Check<T> check;

  private ValidationRule(String name, String description, Check<T> check) {
    this.name = name;
    this.description = description;
    this.check = check;
  }

  public static <T> ValidationRule<T> of(String name, String description, Check<T> check) {
    return new ValidationRule<>(name, description, check);
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  /** Whether {@code record} meets the expectation, judged against the run's clock {@code now}. */
  public boolean passes(T record, Instant now) {
    return check.passes(record, now);
  }

  @Override
  public String toString() {
    return name + ": " + description;
  }

  /** The test a rule applies; {@code now} is the run's clock, for rules about time. */
  @FunctionalInterface
  public interface Check<T> extends Serializable {
    boolean passes(T record, Instant now);
  }
}
