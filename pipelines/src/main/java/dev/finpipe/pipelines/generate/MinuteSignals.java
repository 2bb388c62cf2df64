package dev.finpipe.pipelines.generate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The ops contract's minute points, from valid, deduplicated log lines and samples: per service and minute,
 * {@code error_ratio}, {@code log_latency_p99_ms} (nearest rank) and {@code <metric>_avg} / {@code <metric>_max},
 * each only when the minute has values for it. The generator's reference, independent of service_minute.
 */
final class MinuteSignals {
  private static final class Minute {
    long lines;
    long errors;
    final List<Double> latencies = new ArrayList<>();
    final Map<String, double[]> metrics = new LinkedHashMap<>(); // metric -> {count, sum, max}
  }

  private final Map<String, TreeMap<Instant, Minute>> minutes = new HashMap<>();

  private Minute minute(String service, long epochMillis) {
    Instant start = Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MINUTES);
    return minutes.computeIfAbsent(service, s -> new TreeMap<>()).computeIfAbsent(start, m -> new Minute());
  }

  void addLog(OpsGenerator.LogEvent log) {
    Minute m = minute(log.service(), log.millis());
    m.lines++;
    if (log.level().equals("ERROR") || log.level().equals("FATAL")) {
      m.errors++;
    }
    if (log.latencyMs() != null) {
      m.latencies.add(log.latencyMs());
    }
  }

  void addSample(OpsGenerator.Sample sample) {
    double[] stats = minute(sample.service(), sample.millis()).metrics
        .computeIfAbsent(sample.metric(), k -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
    stats[0]++;
    stats[1] += sample.value();
    stats[2] = Math.max(stats[2], sample.value());
  }

  /** Service to minute to the signals present that minute. */
  Map<String, NavigableMap<Instant, Map<String, Double>>> series() {
    Map<String, NavigableMap<Instant, Map<String, Double>>> series = new HashMap<>();
    minutes.forEach((service, byMinute) -> {
      NavigableMap<Instant, Map<String, Double>> points = new TreeMap<>();
      byMinute.forEach((start, m) -> {
        Map<String, Double> signals = new LinkedHashMap<>();
        if (m.lines > 0) {
          signals.put("error_ratio", (double) m.errors / m.lines);
        }
        if (!m.latencies.isEmpty()) {
          List<Double> sorted = new ArrayList<>(m.latencies);
          sorted.sort(null);
          signals.put("log_latency_p99_ms", sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1));
        }
        m.metrics.forEach((metric, stats) -> {
          signals.put(metric + "_avg", stats[1] / stats[0]);
          signals.put(metric + "_max", stats[2]);
        });
        points.put(start, signals);
      });
      series.put(service, points);
    });
    return series;
  }
}
