package dev.finpipe.pipelines.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The ops contract's detection semantics, written plainly minute by minute: the generator's own reference for the
 * incidents its episodes must give (not the incidents stage). Every minute from a service's first row to its horizon
 * (its newest row) is judged, a minute without a row or without the signal being healthy.
 */
public final class ExpectedIncidents {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** One incident as the contract defines it; {@code resolvedAt} null while open. */
  public record Incident(String service, IncidentRule rule, Instant startedAt, Instant detectedAt,
      @Nullable Instant resolvedAt, Instant lastBreachAt, long breachMinutes) {
    public String status() {
      return resolvedAt == null ? "OPEN" : "RESOLVED";
    }
  }

  private ExpectedIncidents() {}

  /**
   * The incidents of every rule over each service's minute series (minute start to the signals present that minute),
   * ordered by service, rule (in {@code rules} order) and start.
   */
  public static List<Incident> detect(Map<String, NavigableMap<Instant, Map<String, Double>>> series,
      List<IncidentRule> rules) {
    List<Incident> incidents = new ArrayList<>();
    series.keySet().stream().sorted().forEach(service -> {
      NavigableMap<Instant, Map<String, Double>> minutes = series.get(service);
      if (minutes.isEmpty()) {
        return;
      }
      for (IncidentRule rule : rules) {
        incidents.addAll(detect(service, minutes, rule));
      }
    });
    return incidents;
  }

  private static List<Incident> detect(String service, NavigableMap<Instant, Map<String, Double>> minutes,
      IncidentRule rule) {
    List<Incident> incidents = new ArrayList<>();
    Instant horizon = minutes.lastKey();
    int run = 0;
    Instant runStart = null;
    Instant started = null;
    Instant lastBreach = null;
    long breaches = 0;
    int healthy = 0;
    for (Instant t = minutes.firstKey(); !t.isAfter(horizon); t = t.plus(MINUTE)) {
      Map<String, Double> signals = minutes.get(t);
      Double value = signals == null ? null : signals.get(rule.signal());
      boolean breach = value != null && value >= rule.threshold();
      if (started == null) {
        run = breach ? run + 1 : 0;
        if (run == 1) {
          runStart = t;
        }
        if (run == rule.forMinutes()) {
          started = runStart;
          lastBreach = t;
          breaches = run;
          healthy = 0;
        }
      } else if (breach) {
        lastBreach = t;
        breaches++;
        healthy = 0;
      } else if (++healthy == rule.clearMinutes()) {
        // t is resolved_at + (M - 1) minutes, and t <= horizon: the contract's condition to resolve.
        incidents.add(incident(service, rule, started, lastBreach.plus(MINUTE), lastBreach, breaches));
        started = null;
        run = 0;
      }
    }
    if (started != null) {
      incidents.add(incident(service, rule, started, null, lastBreach, breaches));
    }
    return incidents;
  }

  private static Incident incident(String service, IncidentRule rule, Instant started, @Nullable Instant resolved,
      Instant lastBreach, long breaches) {
    return new Incident(service, rule, started, started.plus(MINUTE.multipliedBy(rule.forMinutes())), resolved,
        lastBreach, breaches);
  }
}
