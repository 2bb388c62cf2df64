package dev.finpipe.pipelines.common;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.ApplicationNameOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.spark.SparkConf;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a built pipeline to completion, logging a progress line every {@link #PROGRESS_EVERY} with a chosen counter,
 * and reads counters back afterwards. A pipeline that does not finish DONE raises {@link RunFailedException}: the
 * caller then commits nothing.
 */
public final class PipelineRuns {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRuns.class);
  static final Duration PROGRESS_EVERY = Duration.standardSeconds(10);

  private PipelineRuns() {}

  /** Runner class names, compared as names: the bundled jar has no DirectRunner, so its class must not be loaded. */
  static final String DIRECT_RUNNER = "org.apache.beam.runners.direct.DirectRunner";

  static final String SPARK_RUNNER = "org.apache.beam.runners.spark.SparkRunner";

  /**
   * Runner settings every stage wants. The DirectRunner returns from {@code run()} at once, so progress can be
   * reported while it works; a local SparkRunner runs on the process's {@link LocalSparkContext}.
   */
  public static void configure(PipelineOptions options) {
    String runner = options.getRunner().getName();
    if (DIRECT_RUNNER.equals(runner)) {
      DirectRunnerSettings.runWithoutBlocking(options);
    }
    if (SPARK_RUNNER.equals(runner)) {
      stageSubmittedJars(options.as(SparkPipelineOptions.class));
      LocalSparkContext.useFor(options.as(SparkPipelineOptions.class));
    }
  }

  /**
   * Under spark-submit, the executors need exactly the jars spark-submit ships ({@code spark.jars}: the bundled jar
   * and any {@code --jars}). Left alone, Beam would stage every jar of the driver's classpath, Spark's own included,
   * and the executors would download them all again.
   */
  static void stageSubmittedJars(SparkPipelineOptions options) {
    String submitted = new SparkConf().get("spark.jars", "");
    if (options.getFilesToStage() == null && !submitted.isBlank()) {
      options.setFilesToStage(List.of(submitted.split(",")));
    }
  }

  /** The name a stage's job has in the runner's UI (Spark's application name): {@code finpipe-<stage>}. */
  static String appName(String stage) {
    return "finpipe-" + stage;
  }

  public static PipelineResult runToCompletion(
      Pipeline pipeline, String stage, Class<?> progressNamespace, String progressCounter) {
    long start = System.currentTimeMillis();
    PipelineResult result;
    try {
      // Read when the runner starts its job (a cluster's SparkContext is created in run()).
      pipeline.getOptions().as(ApplicationNameOptions.class).setAppName(appName(stage));
      result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish(PROGRESS_EVERY);
      while (state == null || !state.isTerminal()) {
        long done = safeCounter(result, progressNamespace, progressCounter);
        LOG.info(
            String.format(
                Locale.ROOT,
                "%s: still running after %d s, %,d %s so far",
                stage,
                (System.currentTimeMillis() - start) / 1000,
                done,
                progressCounter));
        state = result.waitUntilFinish(PROGRESS_EVERY);
      }
      if (state != PipelineResult.State.DONE) {
        throw new RunFailedException(stage + " pipeline ended " + state);
      }
      return result;
    } catch (RunFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RunFailedException(stage + " pipeline failed: " + rootMessage(e), e);
    }
  }

  /** The sum over steps of a counter's attempted value (committed values are not offered by every runner). */
  public static long counter(PipelineResult result, Class<?> namespace, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build());
    long sum = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long attempted = counter.getAttempted();
      sum += attempted == null ? 0 : attempted;
    }
    return sum;
  }

  /**
   * The counters of {@code namespace} whose names start with {@code prefix}, by the rest of their name (as counted by
   * {@code CountElements.byKey}), attempted values summed over steps, in name order.
   */
  public static Map<String, Long> countersByKey(PipelineResult result, Class<?> namespace, String prefix) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(namespace)).build());
    Map<String, Long> byKey = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      String name = counter.getName().getName();
      Long attempted = counter.getAttempted();
      if (name.startsWith(prefix) && attempted != null && attempted != 0) {
        byKey.merge(name.substring(prefix.length()), attempted, Long::sum);
      }
    }
    return byKey;
  }

  private static long safeCounter(PipelineResult result, Class<?> namespace, String name) {
    try {
      return counter(result, namespace, name);
    } catch (RuntimeException e) {
      return -1; // some runners cannot report metrics mid-run; progress is best effort
    }
  }

  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** A stage's pipeline did not finish; nothing was committed. */
  public static final class RunFailedException extends RuntimeException {
    public RunFailedException(String message) {
      super(message);
    }

    public RunFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
