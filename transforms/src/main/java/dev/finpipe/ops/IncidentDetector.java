package dev.finpipe.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.joda.time.Instant;

/**
 * One service's incidents from its minute series, sequentially, exactly per the ops contract. Per rule that applies
 * to the service:
 *
 * <ul>
 *   <li>a minute <em>breaches</em> when the rule's signal is present and {@code >=} its threshold; every other minute,
 *       a minute without a point included, is healthy;
 *   <li>N ({@code forMinutes}) consecutive breaching minutes open an incident: {@code started_at} is the run's first
 *       minute, {@code detected_at} = {@code started_at} + N minutes;
 *   <li>while open, every breaching minute extends it ({@code last_breach_at}, {@code breach_minutes}, the peak value
 *       and its first minute); a healthy gap shorter than M ({@code clearMinutes}) does not split it;
 *   <li>it resolves on M consecutive healthy minutes after its last breach: {@code resolved_at} =
 *       {@code last_breach_at} + 1 minute, but only once the <em>horizon</em> (the newest minute of any point of the
 *       service) is {@code >= resolved_at + (M - 1)} minutes; until then it is {@code OPEN}, {@code resolved_at} null;
 *   <li>after it resolves, a new incident needs N consecutive breaching minutes again.
 * </ul>
 *
 * The result depends only on the set of points, not their order: it is a pure function of the series, so a recompute
 * over any range that starts where the series is quiet ({@link IncidentPlan}) gives the same rows.
 */
public final class IncidentDetector {
  /** Orders a service's incidents: by start, then rule name. */
  public static final Comparator<Incident> ORDER =
      Comparator.comparing(Incident::getStartedAt).thenComparing(Incident::getRule);

  private IncidentDetector() {}

  /**
   * The incidents of {@code service} under {@code rules} (those that apply to it), ordered by {@link #ORDER}.
   * {@code points} are the service's minutes in any order; a point of another service or a second point of one minute
   * is refused (service_minute has one row per service and minute).
   */
  public static List<Incident> detect(String service, Iterable<MinutePoint> points, List<IncidentRule> rules) {
    TreeMap<Long, MinutePoint> series = new TreeMap<>();
    for (MinutePoint point : points) {
      if (!point.getService().equals(service)) {
        throw new IllegalArgumentException("a point of " + point.getService() + " among the minutes of " + service);
      }
      long minute = point.getMinute().getMillis() / MinutePoint.MINUTE_MILLIS;
      if (series.put(minute, point) != null) {
        throw new IllegalArgumentException(service + " has two points at " + point.getMinute()
            + "; service_minute has one row per service and minute");
      }
    }
    List<Incident> incidents = new ArrayList<>();
    if (series.isEmpty()) {
      return incidents;
    }
    long horizon = series.lastKey();
    for (IncidentRule rule : rules) {
      if (rule.appliesTo(service)) {
        detect(service, series, horizon, rule, incidents);
      }
    }
    incidents.sort(ORDER);
    return incidents;
  }

  private static void detect(String service, TreeMap<Long, MinutePoint> series, long horizon, IncidentRule rule,
      List<Incident> out) {
    Episode open = null;
    Episode run = null; // the breaching run while no incident is open
    for (MinutePoint point : series.values()) {
      Double value = point.getSignals().get(rule.signal());
      if (value == null || value < rule.threshold()) {
        continue; // healthy: only breaching minutes move the state; gaps are measured between them
      }
      long minute = point.getMinute().getMillis() / MinutePoint.MINUTE_MILLIS;
      if (open != null) {
        if (minute - open.lastBreach <= rule.clearMinutes()) {
          open.add(minute, value); // fewer than M healthy minutes since the last breach
          continue;
        }
        out.add(open.toIncident(service, rule, true)); // M healthy minutes passed, all before this point's minute
        open = null;
      }
      if (run != null && minute == run.lastBreach + 1) {
        run.add(minute, value);
      } else {
        run = new Episode(minute, value);
      }
      if (run.breaches == rule.forMinutes()) {
        open = run;
        run = null;
      }
    }
    if (open != null) {
      out.add(open.toIncident(service, rule, horizon >= open.lastBreach + rule.clearMinutes()));
    }
  }

  /** A breaching run, and the incident it becomes once it has N minutes; minutes since the epoch. */
  private static final class Episode {
    final long start;
    long lastBreach;
    long breaches;
    double peak;
    long peakAt;

    Episode(long minute, double value) {
      start = minute;
      lastBreach = minute;
      breaches = 1;
      peak = value;
      peakAt = minute;
    }

    void add(long minute, double value) {
      lastBreach = minute;
      breaches++;
      if (value > peak) { // strictly: the peak's first minute
        peak = value;
        peakAt = minute;
      }
    }

    Incident toIncident(String service, IncidentRule rule, boolean resolved) {
      Instant startedAt = instant(start);
      return Incident.builder()
          .setIncidentId(Incident.incidentId(service, rule.name(), startedAt))
          .setService(service)
          .setRule(rule.name())
          .setSeverity(rule.severity())
          .setSignal(rule.signal())
          .setThreshold(rule.threshold())
          .setStartedAt(startedAt)
          .setDetectedAt(instant(start + rule.forMinutes()))
          .setResolvedAt(resolved ? instant(lastBreach + 1) : null)
          .setLastBreachAt(instant(lastBreach))
          .setBreachMinutes(breaches)
          .setPeakValue(peak)
          .setPeakAt(instant(peakAt))
          .setStatus(resolved ? Incident.RESOLVED : Incident.OPEN)
          .build();
    }

    private static Instant instant(long minute) {
      return new Instant(minute * MinutePoint.MINUTE_MILLIS);
    }
  }
}
