package dev.finpipe.pipelines.common;

import dev.finpipe.options.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stage as repeated bounded micro-batches, the streaming design every runner supports. A batch that fails
 * (broker down, table busy) commits nothing; the loop says why and retries with exponential backoff up to one
 * minute, so the stage recovers without an operator. SIGTERM or Ctrl-C (or {@link #stop()}) lets the current batch
 * finish — its commit is atomic anyway — and then stops. A batch that left a backlog (see {@link BatchBudget}) is
 * followed at once by the next.
 */
public final class TriggerLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerLoop.class);
  private static final Duration MAX_BACKOFF = Duration.standardMinutes(1);
  private static final Duration MIN_BACKOFF = Duration.standardSeconds(1);

  private final String stage;
  private final Duration interval;
  private final int maxBatches;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicInteger failedBatches = new AtomicInteger();
  private StageMetrics metrics;

  private TriggerLoop(String stage, Duration interval, int maxBatches) {
    this.stage = stage;
    this.interval = interval;
    this.maxBatches = maxBatches;
  }

  public static TriggerLoop forStage(String stage, ContinuousOptions options) {
    return new TriggerLoop(stage, Durations.parse("triggerInterval", options.getTriggerInterval()), options.getMaxBatches());
  }

  /** One batch, or the loop when {@code --continuous}; the stopping signal is wired to SIGTERM/Ctrl-C. */
  public static List<RunReport> run(String stage, ContinuousOptions options, Supplier<RunReport> batch) {
    return runAll(stage, options, () -> List.of(batch.get()));
  }

  /** Like {@link #run}, for a batch of several stages run in order (the one-process medallion). */
  public static List<RunReport> runAll(String stage, ContinuousOptions options, Supplier<List<RunReport>> batch) {
    if (!options.getContinuous()) {
      return untilCaughtUp(stage, batch);
    }
    TriggerLoop loop = forStage(stage, options);
    loop.metrics = StageMetrics.serve(options);
    if (loop.metrics != null) {
      LOG.info("{}: Prometheus metrics at http://{}:{}/metrics", stage, options.getMetricsHost(), loop.metrics.port());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              LOG.info("{}: stop requested; finishing the current batch", stage);
              loop.stop();
              try {
                stopped.await(5, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return loop.loopAll(batch);
    } finally {
      if (loop.metrics != null) {
        loop.metrics.close();
      }
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running and waits for `stopped`, released above
      }
    }
  }

  /**
   * An available-now run: batches until none leaves a backlog (see {@link BatchBudget}), each printed as it ends, so
   * a catch-up larger than one batch shows its progress and commits as it goes.
   */
  static List<RunReport> untilCaughtUp(String stage, Supplier<List<RunReport>> batch) {
    List<RunReport> reports = new ArrayList<>();
    int batches = 0;
    List<RunReport> done;
    do {
      done = batch.get();
      batches++;
      if (hasBacklog(done)) {
        done.forEach(RunReport::printOnce);
        LOG.info("{}: batch {} left {} records; running the next", stage, batches, backlogOf(done));
      }
      reports.addAll(done);
    } while (hasBacklog(done));
    if (batches > 1) {
      LOG.info("{}: caught up after {} batches", stage, batches);
    }
    return reports;
  }

  private static boolean hasBacklog(List<RunReport> reports) {
    return backlogOf(reports) > 0;
  }

  private static long backlogOf(List<RunReport> reports) {
    return reports.stream().mapToLong(RunReport::backlog).sum();
  }

  public void stop() {
    stopRequested.countDown();
  }

  /** Batches that failed (and were retried) so far. */
  public int failedBatches() {
    return failedBatches.get();
  }

  /** Runs batches until stopped or {@code maxBatches} ran; returns the reports of the successful ones. */
  public List<RunReport> loop(Supplier<RunReport> batch) {
    return loopAll(() -> List.of(batch.get()));
  }

  /** {@link #loop} for batches of several stages. */
  public List<RunReport> loopAll(Supplier<List<RunReport>> batch) {
    List<RunReport> reports = new ArrayList<>();
    Duration backoff = MIN_BACKOFF;
    int batches = 0;
    try {
      while (stopRequested.getCount() > 0) {
        Duration pause = interval;
        try {
          List<RunReport> done = batch.get();
          done.forEach(RunReport::printOnce);
          if (metrics != null) {
            done.forEach(metrics::succeeded);
          }
          reports.addAll(done);
          backoff = MIN_BACKOFF;
          if (hasBacklog(done)) {
            pause = Duration.ZERO; // a backlog is work already due: the next batch starts at once
          }
        } catch (RuntimeException e) {
          failedBatches.incrementAndGet();
          if (metrics != null) {
            metrics.failed(stage);
          }
          pause = backoff;
          LOG.warn("{}: batch failed, nothing committed; retrying in {} s. Cause: {}", stage,
              pause.getMillis() / 1000.0, PipelineRuns.rootMessage(e));
          backoff = backoff.multipliedBy(2).isLongerThan(MAX_BACKOFF) ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        batches++;
        if (maxBatches > 0 && batches >= maxBatches) {
          break;
        }
        if (stopRequested.await(pause.getMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{}: stopped after {} successful batches ({} failed)", stage, reports.size(), failedBatches.get());
    return reports;
  }
}
