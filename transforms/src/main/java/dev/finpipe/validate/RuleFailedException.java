package dev.finpipe.validate;

/** A rule whose action is FAIL was broken: the run stops before anything is committed. */
public final class RuleFailedException extends RuntimeException {
  public RuleFailedException(String message) {
    super(message);
  }
}
