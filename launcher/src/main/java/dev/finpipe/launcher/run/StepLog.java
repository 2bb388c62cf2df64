package dev.finpipe.launcher.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one step: every line starts with {@code [step name]}, so the interleaved lines of parallel steps (and
 * a local stage's own output) can be told apart and grepped.
 */
public final class StepLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.finpipe.launcher");

  private final String prefix;

  public StepLog(String stepName) {
    this.prefix = "[" + stepName + "] ";
  }

  public void info(String format, Object... args) {
    LOG.info(prefix + format, args);
  }

  public void warn(String format, Object... args) {
    LOG.warn(prefix + format, args);
  }

  public void error(String format, Object... args) {
    LOG.error(prefix + format, args);
  }
}
