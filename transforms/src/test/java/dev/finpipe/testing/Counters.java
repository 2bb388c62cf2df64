package dev.finpipe.testing;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Reads Beam counters back from a finished pipeline, summed over the steps that reported them. */
public final class Counters {
  private Counters() {}

  public static long committed(PipelineResult result, Class<?> namespace, String name) {
    long total = 0;
    for (MetricResult<Long> counter : result.metrics()
        .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build())
        .getCounters()) {
      total += counter.getCommitted();
    }
    return total;
  }
}
