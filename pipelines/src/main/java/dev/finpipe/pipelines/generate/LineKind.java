package dev.finpipe.pipelines.generate;

/** What a generated line is meant to be, so that a run's books can be checked against what was generated. */
public enum LineKind {
  /** A valid, on-time event (some carry an unknown extra field, which must be kept and ignored). */
  VALID,
  /** An exact copy of a valid line: a little later in the output (transactions), anywhere (change records). */
  DUPLICATE,
  /**
   * A valid event 3 to 6 days older than the window start: beyond the default 2-day allowed lateness (transactions
   * only).
   */
  LATE,
  /** A record the input contract refuses; {@link InvalidKind} says why. */
  INVALID
}
