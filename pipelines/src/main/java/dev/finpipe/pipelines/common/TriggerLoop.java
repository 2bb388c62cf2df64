package dev.finpipe.pipelines.common;

import dev.finpipe.options.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stage as repeated bounded micro-batches, the streaming design every runner supports. A batch that fails
 * (broker down, table busy) commits nothing; the loop logs why and retries with exponential backoff up to one
 * minute, so the stage recovers without an operator. SIGTERM or Ctrl-C lets the current batch finish (its commit is
 * atomic anyway) and then stops.
 */
public final class TriggerLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerLoop.class);
  private static final Duration MAX_BACKOFF = Duration.standardMinutes(1);

  private TriggerLoop() {}

  public static List<RunReport> run(String stage, ContinuousOptions options, Supplier<RunReport> batch) {
    if (!options.getContinuous()) {
      return List.of(batch.get());
    }
    Duration interval = Durations.parse("triggerInterval", options.getTriggerInterval());
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              LOG.info("{}: stop requested; finishing the current batch", stage);
              stopRequested.countDown();
              try {
                stopped.await(5, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    List<RunReport> reports = new ArrayList<>();
    try {
      Duration backoff = interval;
      int batches = 0;
      while (stopRequested.getCount() > 0) {
        try {
          RunReport report = batch.get();
          report.printOnce();
          reports.add(report);
          backoff = interval;
        } catch (RuntimeException e) {
          backoff = backoff.isShorterThan(Duration.standardSeconds(1)) ? Duration.standardSeconds(1) : backoff;
          LOG.warn("{}: batch failed, nothing committed; retrying in {} s: {}", stage, backoff.getStandardSeconds(),
              PipelineRuns.rootMessage(e));
          backoff = backoff.multipliedBy(2).isLongerThan(MAX_BACKOFF) ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        batches++;
        if (options.getMaxBatches() > 0 && batches >= options.getMaxBatches()) {
          break;
        }
        if (stopRequested.await(backoff.getMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running and waits for `stopped`, released above
      }
    }
    LOG.info("{}: stopped after {} batches", stage, reports.size());
    return reports;
  }
}
