package dev.finpipe.pipelines.generate;

import dev.finpipe.model.AppLog;
import dev.finpipe.model.MetricSample;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import dev.finpipe.parse.AppLogReader;
import dev.finpipe.parse.MetricSampleReader;
import dev.finpipe.parse.RecordReader;
import dev.finpipe.validate.OpsRules;
import dev.finpipe.validate.ValidationRule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tests' own reading of generated ops lines: each line through the project's reader and rules (what silver
 * would keep), deduplicated by silver's key, then per service and minute the counts and values a default rule judges,
 * and the contract's incidents found by grouping runs of breaching minutes (not minute by minute, as the generator
 * does).
 */
final class OpsLines {
  /** What a line became: the refusals (reader reasons, else failed rule names), empty for a kept record. */
  record Read(Object record, List<String> refusals) {}

  /** One service-minute's raw material. */
  static final class Minute {
    long lines;
    long errors;
    final List<Double> latencies = new ArrayList<>();
    final Map<String, List<Double>> metrics = new HashMap<>();

    Double errorRatio() {
      return lines == 0 ? null : (double) errors / lines;
    }

    Double p99() {
      if (latencies.isEmpty()) {
        return null;
      }
      List<Double> sorted = new ArrayList<>(latencies);
      sorted.sort(null);
      int rank = (int) Math.ceil(sorted.size() * 99 / 100.0);
      return sorted.get(rank - 1);
    }

    Double avg(String metric) {
      List<Double> values = metrics.get(metric);
      return values == null ? null : values.stream().mapToDouble(Double::doubleValue).average().getAsDouble();
    }

    Double max(String metric) {
      List<Double> values = metrics.get(metric);
      return values == null ? null : values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    }

    Double signal(String signal) {
      return switch (signal) {
        case "error_ratio" -> errorRatio();
        case "log_latency_p99_ms" -> p99();
        case "cpu_pct_avg" -> avg("cpu_pct");
        case "disk_pct_max" -> max("disk_pct");
        default -> throw new IllegalArgumentException(signal);
      };
    }
  }

  private static final org.joda.time.Instant NOW = org.joda.time.Instant.now();

  private OpsLines() {}

  static Read read(GeneratedDomain domain, String line) {
    RawRecord raw = RawRecord.of(line, SourceRef.fileLine("generated.jsonl", 1), NOW);
    if (domain == GeneratedDomain.APP_LOGS) {
      return judge(new AppLogReader().read(raw), OpsRules.appLogs());
    }
    return judge(new MetricSampleReader().read(raw), OpsRules.infraMetrics());
  }

  private static <T> Read judge(RecordReader.Outcome<T> outcome, List<ValidationRule<T>> rules) {
    if (outcome.failure != null) {
      return new Read(null, outcome.failure.getReasons());
    }
    List<String> failed = new ArrayList<>();
    for (ValidationRule<T> rule : rules) {
      if (!rule.passes(outcome.record, NOW)) {
        failed.add(rule.getName());
      }
    }
    return new Read(failed.isEmpty() ? outcome.record : null, failed);
  }

  /** Service to minute to what the kept, deduplicated records of {@code files} (in order) hold. */
  static Map<String, TreeMap<Instant, Minute>> minutes(GeneratedDomain domain, List<List<String>> files) {
    Map<String, TreeMap<Instant, Minute>> minutes = new HashMap<>();
    Set<String> keys = new HashSet<>();
    for (List<String> file : files) {
      for (String line : file) {
        Object record = read(domain, line).record();
        if (record instanceof AppLog log && keys.add(log.getLogKey())) {
          Minute m = minute(minutes, log.getService(), log.getEventTime());
          m.lines++;
          if (log.getLevel().equals("ERROR") || log.getLevel().equals("FATAL")) {
            m.errors++;
          }
          if (log.getLatencyMs() != null) {
            m.latencies.add(log.getLatencyMs());
          }
        } else if (record instanceof MetricSample sample && keys.add(sample.getSampleKey())) {
          minute(minutes, sample.getService(), sample.getEventTime()).metrics
              .computeIfAbsent(sample.getMetric(), k -> new ArrayList<>()).add(sample.getValue());
        }
      }
    }
    return minutes;
  }

  private static Minute minute(Map<String, TreeMap<Instant, Minute>> minutes, String service,
      org.joda.time.Instant time) {
    Instant start = Instant.ofEpochMilli(time.getMillis()).truncatedTo(ChronoUnit.MINUTES);
    return minutes.computeIfAbsent(service, s -> new TreeMap<>()).computeIfAbsent(start, k -> new Minute());
  }

  /** The minutes of {@code service} that breach {@code rule}. */
  static TreeSet<Instant> breaches(TreeMap<Instant, Minute> minutes, IncidentRule rule) {
    TreeSet<Instant> breaches = new TreeSet<>();
    minutes.forEach((minute, m) -> {
      Double value = m.signal(rule.signal());
      if (value != null && value >= rule.threshold()) {
        breaches.add(minute);
      }
    });
    return breaches;
  }

  /**
   * The contract's incidents, as maps of the manifest's fields: runs of consecutive breaching minutes; a run of at
   * least N opens, a run after a gap shorter than M extends, and the incident resolves at its last breach + 1 when
   * a later run starts M or more minutes after it, or when the horizon is at least M minutes after it.
   */
  static List<Map<String, Object>> incidents(Map<String, TreeMap<Instant, Minute>> minutes, List<IncidentRule> rules) {
    List<Map<String, Object>> incidents = new ArrayList<>();
    for (String service : new TreeSet<>(minutes.keySet())) {
      Instant horizon = minutes.get(service).lastKey();
      for (IncidentRule rule : rules) {
        List<Instant[]> runs = new ArrayList<>();
        for (Instant minute : breaches(minutes.get(service), rule)) {
          Instant[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
          if (last != null && last[1].plus(1, ChronoUnit.MINUTES).equals(minute)) {
            last[1] = minute;
          } else {
            runs.add(new Instant[] {minute, minute});
          }
        }
        Instant started = null;
        Instant lastBreach = null;
        long count = 0;
        for (Instant[] run : runs) {
          long length = ChronoUnit.MINUTES.between(run[0], run[1]) + 1;
          if (started != null && ChronoUnit.MINUTES.between(lastBreach, run[0]) - 1 < rule.clearMinutes()) {
            lastBreach = run[1];
            count += length;
            continue;
          }
          if (started != null) {
            incidents.add(incident(service, rule, started, lastBreach.plus(1, ChronoUnit.MINUTES), lastBreach, count));
            started = null;
          }
          if (length >= rule.forMinutes()) {
            started = run[0];
            lastBreach = run[1];
            count = length;
          }
        }
        if (started != null) {
          boolean resolved = ChronoUnit.MINUTES.between(lastBreach, horizon) >= rule.clearMinutes();
          incidents.add(incident(service, rule, started, resolved ? lastBreach.plus(1, ChronoUnit.MINUTES) : null,
              lastBreach, count));
        }
      }
    }
    return incidents;
  }

  private static Map<String, Object> incident(String service, IncidentRule rule, Instant started, Instant resolved,
      Instant lastBreach, long breaches) {
    Map<String, Object> incident = new LinkedHashMap<>();
    incident.put("service", service);
    incident.put("rule", rule.name());
    incident.put("started_at", started.toString());
    incident.put("detected_at", started.plus(rule.forMinutes(), ChronoUnit.MINUTES).toString());
    incident.put("resolved_at", resolved == null ? null : resolved.toString());
    incident.put("last_breach_at", lastBreach.toString());
    incident.put("breach_minutes", breaches);
    incident.put("status", resolved == null ? "OPEN" : "RESOLVED");
    return incident;
  }
}
