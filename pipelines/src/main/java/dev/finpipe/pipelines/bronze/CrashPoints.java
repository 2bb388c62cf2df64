package dev.finpipe.pipelines.bronze;

/**
 * Test hook for the crash tests: with {@code -Dfinpipe.crashAt=before-commit} (or {@code after-commit}) the process
 * halts at that point like a SIGKILL would, with no shutdown hooks, so tests can prove that a crash at any moment
 * loses and duplicates nothing. Unset in normal runs.
 */
final class CrashPoints {
  private CrashPoints() {}

  static void maybeCrash(String point) {
    if (point.equals(System.getProperty("finpipe.crashAt"))) {
      System.err.println("finpipe.crashAt=" + point + ": halting now");
      Runtime.getRuntime().halt(137);
    }
  }
}
