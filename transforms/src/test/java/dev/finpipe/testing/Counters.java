package dev.finpipe.testing;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Reads counters back from a finished pipeline. */
public final class Counters {
  private Counters() {}

  /** The attempted value of counter {@code name} in namespace {@code namespace}; 0 when it was never incremented. */
  public static long value(PipelineResult result, Class<?> namespace, String name) {
    long total = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build())
            .getCounters()) {
      total += counter.getAttempted();
    }
    return total;
  }
}
