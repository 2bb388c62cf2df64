package dev.finpipe.ops;

import dev.finpipe.model.EventDates;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Instant;

/**
 * What an incremental incidents run must re-read and replace so that its result equals detecting over every minute
 * of service_minute ({@link #of}).
 *
 * <p>The stage: reads the service_minute partitions from {@code date(earliestReadFrom())} on, keeps the points
 * {@link #reads} accepts (each service's minutes from {@link #readFrom}), runs {@link DetectIncidents} on them, and
 * replaces every gold/incidents partition with {@code date >= replaceFromDate()} by {@link #replacedRows} (the kept
 * rows of those partitions and the detected ones) in one commit. The KPI dates to recompute are those from
 * {@link #replaceFromDate()} on (every incident that changed was, and is, detected and resolved on or after it).
 *
 * <p>Changing the rules (thresholds, N, M, services) changes past incidents too: recompute gold/incidents from all of
 * service_minute then. {@link #of} refuses stored incidents that do not match the rules as far as their rows show.
 */
public final class IncidentPlan implements Serializable {
  private final Instant defaultReadFrom;
  private final Map<String, Instant> readFrom;
  private final String replaceFromDate;
  private final List<Incident> kept;

  private IncidentPlan(Instant defaultReadFrom, Map<String, Instant> readFrom, String replaceFromDate, List<Incident> kept) {
    this.defaultReadFrom = defaultReadFrom;
    this.readFrom = readFrom;
    this.replaceFromDate = replaceFromDate;
    this.kept = kept;
  }

  /**
   * The plan for a batch that changed the service_minute rows of {@code touchedDates} ({@code yyyy-MM-dd}), given
   * every incident stored in gold/incidents (a small table: read it on the driver) and the rules they were detected
   * with.
   *
   * <p>Let T0 be the start of the earliest touched date and Nmax the largest N of the rules. Every minute before T0 is
   * unchanged, so the detector's state at every minute up to T0 is what the stored incidents record. Per service,
   * start with R = T0; while a stored incident of the service is in flight somewhere in [R - (Nmax - 1) min, R] (it
   * started before R and its end, {@code last_breach_at} + M minutes, or forever when OPEN, is not before
   * R - (Nmax - 1) min), set R to its {@code started_at}; then read from R' = R - (Nmax - 1) minutes.
   *
   * <p>Why that suffices: between R' and R no incident is in flight, so every breaching run there is shorter than N,
   * and the run in progress at R (if any) began at or after R' (a run from before R' would be at least Nmax long, an
   * incident). A detector that starts at R', treating the minutes before it as healthy, is therefore in the same state
   * at R as one that saw everything (the same run, no incident), and from R on both see the same minutes, up to the
   * same horizon. So it yields exactly the full detection's incidents that start at or after R', and every stored
   * incident of the service that started before R' ended before R' (≤ T0) and is final: it is kept as stored. This
   * covers an incident that started before a touched date and is still open or resolves within or after the touched
   * range, late minutes that extend or split one, and a healthy gap before a touched date that a late breach fills.
   * Reading on to the newest minute (not only the touched dates) is what lets a change cascade forward and gives
   * the detector the true horizon; the cost is the minutes from the earliest touched date (less Nmax and any
   * incident open there) to now.
   */
  public static IncidentPlan of(Collection<String> touchedDates, Collection<Incident> stored, List<IncidentRule> rules) {
    if (touchedDates.isEmpty()) {
      throw new IllegalArgumentException("no touched dates: a batch that changed no service_minute date has nothing"
          + " to recompute");
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("incident detection needs at least one rule");
    }
    long t0 = Long.MAX_VALUE;
    for (String date : touchedDates) {
      t0 = Math.min(t0, startOfDate(date));
    }
    int nMax = 1;
    Map<String, IncidentRule> byName = new HashMap<>();
    for (IncidentRule rule : rules) {
      nMax = Math.max(nMax, rule.forMinutes());
      byName.put(rule.name(), rule);
    }
    Map<String, List<Incident>> byService = new TreeMap<>();
    for (Incident incident : stored) {
      checkMatchesRules(incident, byName.get(incident.getRule()));
      byService.computeIfAbsent(incident.getService(), s -> new ArrayList<>()).add(incident);
    }
    long lookBack = (nMax - 1) * MinutePoint.MINUTE_MILLIS;
    Instant defaultFrom = new Instant(t0 - lookBack);
    Map<String, Instant> readFrom = new HashMap<>();
    long earliest = defaultFrom.getMillis();
    for (Map.Entry<String, List<Incident>> service : byService.entrySet()) {
      long r = t0;
      while (true) {
        long from = r - lookBack;
        long inFlight = Long.MAX_VALUE;
        for (Incident incident : service.getValue()) {
          long started = incident.getStartedAt().getMillis();
          if (started < r && end(incident, byName.get(incident.getRule())) >= from) {
            inFlight = Math.min(inFlight, started);
          }
        }
        if (inFlight == Long.MAX_VALUE) {
          break;
        }
        r = inFlight; // strictly earlier each time, so this ends
      }
      readFrom.put(service.getKey(), new Instant(r - lookBack));
      earliest = Math.min(earliest, r - lookBack);
    }
    String replaceFromDate = EventDates.utcDate(new Instant(earliest));
    List<Incident> kept = new ArrayList<>();
    for (Incident incident : stored) {
      boolean replacedPartition = incident.date().compareTo(replaceFromDate) >= 0;
      Instant from = readFrom.getOrDefault(incident.getService(), defaultFrom);
      if (replacedPartition && incident.getStartedAt().isBefore(from)) {
        kept.add(incident);
      }
    }
    kept.sort(IncidentDetector.ORDER);
    return new IncidentPlan(defaultFrom, Map.copyOf(readFrom), replaceFromDate, List.copyOf(kept));
  }

  /** The first minute of {@code service} to re-read. */
  public Instant readFrom(String service) {
    return readFrom.getOrDefault(service, defaultReadFrom);
  }

  /** The first minute any service is re-read from: read service_minute from this minute's date on. */
  public Instant earliestReadFrom() {
    Instant earliest = defaultReadFrom;
    for (Instant from : readFrom.values()) {
      earliest = from.isBefore(earliest) ? from : earliest;
    }
    return earliest;
  }

  /** Whether the run re-reads {@code point}. */
  public boolean reads(MinutePoint point) {
    return !point.getMinute().isBefore(readFrom(point.getService()));
  }

  /** Every gold/incidents partition with {@code date >= } this is replaced. */
  public String replaceFromDate() {
    return replaceFromDate;
  }

  /** The stored incidents of the replaced partitions that are final: written back unchanged. */
  public List<Incident> kept() {
    return kept;
  }

  /** The rows of the replaced partitions: {@link #kept()} and {@code detected} (the run's detector output). */
  public List<Incident> replacedRows(Collection<Incident> detected) {
    List<Incident> rows = new ArrayList<>(kept);
    for (Incident incident : detected) {
      if (incident.getStartedAt().isBefore(readFrom(incident.getService()))) {
        throw new IllegalArgumentException(incident.getIncidentId() + " starts before its service's read range ("
            + readFrom(incident.getService()) + "): the detector was given minutes the plan does not read");
      }
      rows.add(incident);
    }
    rows.sort(Comparator.comparing(Incident::getService).thenComparing(IncidentDetector.ORDER));
    return rows;
  }

  /** Where an incident stops mattering to the minutes after it: M minutes after its last breach, or never if open. */
  private static long end(Incident incident, IncidentRule rule) {
    return incident.isOpen()
        ? Long.MAX_VALUE
        : incident.getLastBreachAt().getMillis() + rule.clearMinutes() * MinutePoint.MINUTE_MILLIS;
  }

  private static void checkMatchesRules(Incident incident, IncidentRule rule) {
    long n = (incident.getDetectedAt().getMillis() - incident.getStartedAt().getMillis()) / MinutePoint.MINUTE_MILLIS;
    if (rule == null || !rule.appliesTo(incident.getService()) || !rule.signal().equals(incident.getSignal())
        || rule.threshold() != incident.getThreshold() || !rule.severity().equals(incident.getSeverity())
        || rule.forMinutes() != n) {
      throw new IllegalArgumentException("stored incident " + incident.getIncidentId() + " was not detected with"
          + " the rules given (rule " + incident.getRule() + ", signal " + incident.getSignal() + " >= "
          + incident.getThreshold() + " for " + n + " min, " + incident.getSeverity() + "): the rules changed since,"
          + " so recompute gold/incidents from all of service_minute");
    }
  }

  private static long startOfDate(String date) {
    try {
      return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("touched date \"" + date + "\" is not a date (yyyy-MM-dd)", e);
    }
  }
}
