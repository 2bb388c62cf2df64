package dev.finpipe.testing;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Reads Beam counters back from a finished pipeline, summed over the steps that reported them. */
public final class Counters {
  private Counters() {}

  /** The attempted value of counter {@code name} in namespace {@code namespace}; 0 when it was never incremented. */
  public static long value(PipelineResult result, Class<?> namespace, String name) {
    long total = 0;
    for (MetricResult<Long> counter : query(result, namespace, name)) {
      total += counter.getAttempted();
    }
    return total;
  }

  /** The committed value (the DirectRunner reports both; committed excludes retried bundles). */
  public static long committed(PipelineResult result, Class<?> namespace, String name) {
    long total = 0;
    for (MetricResult<Long> counter : query(result, namespace, name)) {
      total += counter.getCommitted();
    }
    return total;
  }

  /**
   * The values of counters {@code names}, to compare with a map of expected values in one assertion:
   * {@code assertEquals(expected, Counters.values(run, MyTransform.class, expected.keySet()))}.
   */
  public static Map<String, Long> values(PipelineResult result, Class<?> namespace, Collection<String> names) {
    Map<String, Long> values = new TreeMap<>();
    names.forEach(name -> values.put(name, value(result, namespace, name)));
    return values;
  }

  private static Iterable<MetricResult<Long>> query(PipelineResult result, Class<?> namespace, String name) {
    return result
        .metrics()
        .queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build())
        .getCounters();
  }
}
