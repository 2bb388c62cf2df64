package dev.finpipe.launcher.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan file that cannot be run. It carries every error found, not just the first, so one edit fixes them all;
 * nothing is launched while a plan has any.
 */
public final class PlanException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<PlanError> errors;

  public PlanException(List<PlanError> errors) {
    super(errors.stream().map(PlanError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<PlanError> errors() {
    return errors;
  }
}
