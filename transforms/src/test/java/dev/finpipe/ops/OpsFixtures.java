package dev.finpipe.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/** Scripted minute series and hand-written incidents for the ops tests. */
final class OpsFixtures {
  static final Instant BASE = Instant.parse("2026-11-20T10:00:00Z");

  private OpsFixtures() {}

  /** Minute {@code k} after {@link #BASE}. */
  static Instant m(int k) {
    return BASE.plus(k * 60_000L);
  }

  /**
   * One service's points from {@code start}, one character per minute for each signal: {@code _} no value,
   * {@code .} 0, a digit d the value {@link #value} gives (error_ratio d %, so 5 is exactly the default threshold
   * 0.05; other metrics d × 10; log_latency_p99_ms d × 250). A minute with no value of any signal has no point.
   */
  static List<MinutePoint> series(String service, Instant start, String... signalAndPattern) {
    int minutes = 0;
    for (int i = 1; i < signalAndPattern.length; i += 2) {
      minutes = Math.max(minutes, signalAndPattern[i].length());
    }
    List<MinutePoint> points = new ArrayList<>();
    for (int k = 0; k < minutes; k++) {
      Map<String, Double> signals = new LinkedHashMap<>();
      for (int i = 0; i < signalAndPattern.length; i += 2) {
        String signal = signalAndPattern[i];
        String pattern = signalAndPattern[i + 1];
        char c = k < pattern.length() ? pattern.charAt(k) : '_';
        if (c == '.') {
          signals.put(signal, 0.0);
        } else if (Character.isDigit(c)) {
          signals.put(signal, value(signal, c - '0'));
        } else if (c != '_') {
          throw new IllegalArgumentException("pattern character " + c);
        }
      }
      if (!signals.isEmpty()) {
        points.add(MinutePoint.of(service, start.plus(k * 60_000L), signals));
      }
    }
    return points;
  }

  /** The error_ratio series of {@code service} from {@link #BASE}. */
  static List<MinutePoint> errors(String service, String pattern) {
    return series(service, BASE, MinutePoint.ERROR_RATIO, pattern);
  }

  /** The value digit {@code d} stands for ({@code d / 100.0} is the double nearest d %, so 5 is exactly 0.05). */
  static double value(String signal, int d) {
    switch (signal) {
      case MinutePoint.ERROR_RATIO:
        return d / 100.0;
      case MinutePoint.LOG_LATENCY_P99_MS:
        return d * 250.0;
      default:
        return d * 10.0;
    }
  }

  static IncidentRule rule(String name) {
    return IncidentRules.defaults().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /** An incident written out by hand: the rule's name, signal, threshold and severity are the rule's. */
  static Incident incident(String service, IncidentRule rule, Instant started, Instant detected,
      @Nullable Instant resolved, Instant lastBreach, long breachMinutes, double peak, Instant peakAt) {
    return Incident.builder()
        .setIncidentId(service + "|" + rule.name() + "|" + started)
        .setService(service)
        .setRule(rule.name())
        .setSeverity(rule.severity())
        .setSignal(rule.signal())
        .setThreshold(rule.threshold())
        .setStartedAt(started)
        .setDetectedAt(detected)
        .setResolvedAt(resolved)
        .setLastBreachAt(lastBreach)
        .setBreachMinutes(breachMinutes)
        .setPeakValue(peak)
        .setPeakAt(peakAt)
        .setStatus(resolved == null ? Incident.OPEN : Incident.RESOLVED)
        .build();
  }
}
