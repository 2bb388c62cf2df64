package dev.finpipe.pipelines.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nearest-rank percentiles of a sample of durations in milliseconds. */
final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  static Percentiles of(long[] values) {
    return new Percentiles(values);
  }

  int count() {
    return sorted.length;
  }

  /** The smallest value with at least {@code p} percent of the sample at or below it; -1 for an empty sample. */
  long at(double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** count, median, p95, p99 and max, for a JSON summary. */
  Map<String, Long> summary() {
    Map<String, Long> summary = new LinkedHashMap<>();
    summary.put("count", (long) sorted.length);
    summary.put("median_ms", at(50));
    summary.put("p95_ms", at(95));
    summary.put("p99_ms", at(99));
    summary.put("max_ms", at(100));
    return summary;
  }
}
