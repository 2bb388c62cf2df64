package dev.finpipe.pipelines.common;

/**
 * Test hook for the crash tests, at every point of the commit protocol ({@link TableCommits}): {@code before-commit}
 * (files written and checked, nothing decided), {@code after-intent} (the run's commits recorded in its journal),
 * {@code after-commit-<n>} (the n-th table committed) and {@code after-commit} (every table committed, the journal
 * entry removed). With {@code -Dfinpipe.crashAt=<point>} the process halts there like a SIGKILL would, with no
 * shutdown hooks; in-process tests {@link #arm} a point instead, which throws {@link SimulatedCrash} (an
 * {@code Error}, so no stage code catches it, and the commit path has no {@code finally} that would tidy up after
 * it). Unset in normal runs.
 */
public final class CrashPoints {
  private static volatile String armed;

  private CrashPoints() {}

  public static void maybeCrash(String point) {
    if (point.equals(armed)) {
      armed = null;
      throw new SimulatedCrash(point);
    }
    if (point.equals(System.getProperty("finpipe.crashAt"))) {
      System.err.println("finpipe.crashAt=" + point + ": halting now");
      Runtime.getRuntime().halt(137);
    }
  }

  /** The next time the stage reaches {@code point}, it throws {@link SimulatedCrash}; {@code null} disarms. */
  public static void arm(String point) {
    armed = point;
  }

  /** A crash simulated in process. */
  public static final class SimulatedCrash extends Error {
    SimulatedCrash(String point) {
      super("simulated crash at " + point);
    }
  }
}
