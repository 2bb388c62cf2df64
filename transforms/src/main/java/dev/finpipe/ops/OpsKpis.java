package dev.finpipe.ops;

import dev.finpipe.model.EventDates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The daily operations KPIs of incidents, per UTC date and service:
 *
 * <ul>
 *   <li>{@code incidents_opened}: the incidents <em>detected</em> that date; <b>MTTD</b> (mean time to detect) over
 *       them: {@code detected_at - started_at}, the time from the first breaching minute to when the rule could
 *       fire (N minutes, in event time);
 *   <li>{@code incidents_resolved}: the incidents <em>resolved</em> that date (status RESOLVED, by
 *       {@code resolved_at}); <b>MTTR</b> (mean time to resolve/recover) over them: {@code resolved_at -
 *       detected_at} by default ({@link MttrFrom#DETECTED}, the time the responders had the incident), or
 *       {@code resolved_at - started_at} ({@link MttrFrom#STARTED}, the whole impact as the customers saw it);
 *   <li>each as mean, median and p90 in seconds, percentiles by nearest rank: the p-th percentile of n values is the
 *       {@code ceil(p/100 * n)}-th smallest, the median the p50; null when there are no incidents to measure.
 * </ul>
 *
 * A row exists for every (date, service) with an incident detected or resolved that date. The KPIs of a date need
 * every incident detected or resolved then, whatever date it started.
 */
public final class OpsKpis {
  /** Where MTTR is measured from. */
  public enum MttrFrom {
    /** {@code resolved_at - detected_at} (the default). */
    DETECTED,
    /** {@code resolved_at - started_at}. */
    STARTED;

    /** {@code started} or {@code detected}, as the {@code --mttrFrom} option takes it. */
    public static MttrFrom parse(String value) {
      for (MttrFrom from : values()) {
        if (from.name().toLowerCase(Locale.ROOT).equals(value)) {
          return from;
        }
      }
      throw new IllegalArgumentException("--mttrFrom=" + value + " must be detected (resolved_at - detected_at, the"
          + " default) or started (resolved_at - started_at)");
    }
  }

  private OpsKpis() {}

  /** The KPI rows of {@code incidents}, ordered by date and service. */
  public static List<OpsKpisDaily> daily(Collection<Incident> incidents, MttrFrom mttrFrom) {
    Map<String, Map<String, List<Incident>>> byDateService = new TreeMap<>();
    for (Incident incident : incidents) {
      for (String date : datesOf(incident)) {
        byDateService.computeIfAbsent(date, d -> new TreeMap<>())
            .computeIfAbsent(incident.getService(), s -> new ArrayList<>())
            .add(incident);
      }
    }
    List<OpsKpisDaily> rows = new ArrayList<>();
    byDateService.forEach((date, services) -> services.forEach(
        (service, list) -> rows.add(row(date, service, list, mttrFrom))));
    return rows;
  }

  /** The dates an incident counts on: its detection's and, once resolved, its resolution's (once if the same). */
  public static List<String> datesOf(Incident incident) {
    String detected = EventDates.utcDate(incident.getDetectedAt());
    Instant resolvedAt = incident.isOpen() ? null : incident.getResolvedAt();
    if (resolvedAt == null || EventDates.utcDate(resolvedAt).equals(detected)) {
      return List.of(detected);
    }
    return List.of(detected, EventDates.utcDate(resolvedAt));
  }

  /** The row of {@code service} on {@code date} from the incidents that count on it (others are ignored). */
  public static OpsKpisDaily row(String date, String service, Iterable<Incident> incidents, MttrFrom mttrFrom) {
    List<Double> ttd = new ArrayList<>();
    List<Double> ttr = new ArrayList<>();
    for (Incident incident : incidents) {
      if (!incident.getService().equals(service)) {
        throw new IllegalArgumentException("an incident of " + incident.getService() + " among " + service + "'s");
      }
      if (EventDates.utcDate(incident.getDetectedAt()).equals(date)) {
        ttd.add(seconds(incident.getStartedAt(), incident.getDetectedAt()));
      }
      Instant resolvedAt = incident.getResolvedAt();
      if (!incident.isOpen() && resolvedAt != null && EventDates.utcDate(resolvedAt).equals(date)) {
        Instant from = mttrFrom == MttrFrom.STARTED ? incident.getStartedAt() : incident.getDetectedAt();
        ttr.add(seconds(from, resolvedAt));
      }
    }
    ttd.sort(Comparator.naturalOrder());
    ttr.sort(Comparator.naturalOrder());
    return OpsKpisDaily.builder()
        .setDate(date)
        .setService(service)
        .setIncidentsOpened(ttd.size())
        .setIncidentsResolved(ttr.size())
        .setMttdMeanS(mean(ttd))
        .setMttdMedianS(nearestRank(ttd, 50))
        .setMttdP90S(nearestRank(ttd, 90))
        .setMttrMeanS(mean(ttr))
        .setMttrMedianS(nearestRank(ttr, 50))
        .setMttrP90S(nearestRank(ttr, 90))
        .build();
  }

  /** The p-th percentile of {@code sorted} by nearest rank: the ceil(p/100 * n)-th smallest; null when empty. */
  static @Nullable Double nearestRank(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size() / 100.0); // p * n exact in ints, then one division
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static @Nullable Double mean(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }

  private static double seconds(Instant from, Instant to) {
    return (to.getMillis() - from.getMillis()) / 1000.0;
  }
}
