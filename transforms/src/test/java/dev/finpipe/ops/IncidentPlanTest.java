package dev.finpipe.ops;

import static dev.finpipe.ops.OpsFixtures.errors;
import static dev.finpipe.ops.OpsFixtures.incident;
import static dev.finpipe.ops.OpsFixtures.m;
import static dev.finpipe.ops.OpsFixtures.rule;
import static dev.finpipe.ops.OpsFixtures.series;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.model.EventDates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.util.SerializableUtils;
import org.joda.time.Instant;
import org.junit.Test;

/** Incremental detection through {@link IncidentPlan} equals detecting over everything at once. */
public class IncidentPlanTest {
  private static final IncidentRule ERRORS = rule("error_ratio_high"); // N=3, M=5
  private static final List<IncidentRule> DEFAULTS = IncidentRules.defaults(); // Nmax = 5
  private static final Comparator<Incident> ROWS =
      Comparator.comparing(Incident::getService).thenComparing(IncidentDetector.ORDER);

  @Test
  public void lateMinuteAfterDetectionExtendsTheIncidentLikeAFullRecompute() {
    // the whole series: breaches 0..3, 4 healthy, 5 breaches (late), then six healthy minutes
    List<MinutePoint> all = errors("api", "5557.9......");
    List<MinutePoint> first = all.stream().filter(p -> !p.getMinute().equals(m(5))).collect(Collectors.toList());
    List<MinutePoint> late = List.of(all.get(5));
    assertEquals(m(5), late.get(0).getMinute());

    assertEquals(List.of(incident("api", ERRORS, m(0), m(3), m(4), m(3), 4, 0.07, m(3))),
        incremental(List.of(first), List.of(ERRORS)));
    List<Incident> expected = List.of(incident("api", ERRORS, m(0), m(3), m(6), m(5), 5, 0.09, m(5)));
    assertEquals(expected, incremental(List.of(first, late), List.of(ERRORS)));
    assertEquals(expected, full(all, List.of(ERRORS)));
  }

  @Test
  public void lateBreachThatFillsAGapMergesTwoIncidents() {
    List<MinutePoint> all = errors("api", "777.7...777.....");
    List<MinutePoint> first = all.stream().filter(p -> !p.getMinute().equals(m(4))).collect(Collectors.toList());
    assertEquals(2, incremental(List.of(first), List.of(ERRORS)).size());
    List<Incident> expected = List.of(incident("api", ERRORS, m(0), m(3), m(11), m(10), 7, 0.07, m(0)));
    assertEquals(expected, full(all, List.of(ERRORS)));
    assertEquals(expected, incremental(List.of(first, List.of(all.get(4))), List.of(ERRORS)));
  }

  @Test
  public void incidentOpenSinceThePreviousDayIsRecomputedWithItsWholeRun() {
    Instant start = Instant.parse("2026-11-20T22:00:00Z");
    // 22:00..22:09 breaching, still open at midnight; the next day's minutes arrive in the second batch
    List<MinutePoint> dayOne = series("api", start, MinutePoint.ERROR_RATIO, "9999999999" + ".".repeat(110));
    List<Incident> stored = incremental(List.of(dayOne), List.of(ERRORS));
    assertEquals(Incident.RESOLVED, stored.get(0).getStatus());
    List<MinutePoint> open = series("api", start, MinutePoint.ERROR_RATIO, "9".repeat(120));
    stored = incremental(List.of(open), DEFAULTS);
    assertEquals(List.of(Incident.OPEN), stored.stream().map(Incident::getStatus).collect(Collectors.toList()));

    IncidentPlan plan = IncidentPlan.of(Set.of("2026-11-21"), stored, DEFAULTS);
    assertEquals(Instant.parse("2026-11-20T21:56:00Z"), plan.readFrom("api")); // its start less Nmax - 1 minutes
    assertEquals(Instant.parse("2026-11-20T23:56:00Z"), plan.readFrom("web")); // nothing in flight: T0 - 4 min
    assertEquals("2026-11-20", plan.replaceFromDate());
    assertEquals(List.of(), plan.kept());

    Instant midnight = Instant.parse("2026-11-21T00:00:00Z");
    List<MinutePoint> dayTwo = series("api", midnight, MinutePoint.ERROR_RATIO, "99......");
    List<MinutePoint> all = new ArrayList<>(open);
    all.addAll(dayTwo);
    List<Incident> expected = List.of(incident("api", ERRORS, start, start.plus(180_000), midnight.plus(120_000),
        midnight.plus(60_000), 122, 0.09, start));
    assertEquals(expected, full(all, DEFAULTS));
    assertEquals(expected, incremental(List.of(open, dayTwo), DEFAULTS));
  }

  @Test
  public void finalIncidentsOfTheReplacedPartitionsAreKeptAndOnlyTheTailIsReread() {
    // an incident resolved at 10:04 and a run in progress at midnight: the plan reads from 23:56 only
    Instant late = Instant.parse("2026-11-20T23:58:00Z");
    List<MinutePoint> dayOne = new ArrayList<>(errors("api", "777........"));
    dayOne.addAll(series("api", late, MinutePoint.ERROR_RATIO, "99"));
    List<Incident> stored = incremental(List.of(dayOne), DEFAULTS);
    assertEquals(List.of(incident("api", ERRORS, m(0), m(3), m(3), m(2), 3, 0.07, m(0))), stored);

    IncidentPlan plan = IncidentPlan.of(Set.of("2026-11-21"), stored, DEFAULTS);
    assertEquals(Instant.parse("2026-11-20T23:56:00Z"), plan.readFrom("api"));
    assertEquals(stored, plan.kept());

    List<MinutePoint> dayTwo = series("api", Instant.parse("2026-11-21T00:00:00Z"), MinutePoint.ERROR_RATIO, "9......");
    List<MinutePoint> all = new ArrayList<>(dayOne);
    all.addAll(dayTwo);
    List<Incident> expected = full(all, DEFAULTS);
    assertEquals(2, expected.size()); // the run 23:58, 23:59, 00:00 opened the second one
    assertEquals(late, expected.get(1).getStartedAt());
    assertEquals(expected, incremental(List.of(dayOne, dayTwo), DEFAULTS));
  }

  @Test
  public void planIsSerializableForTheStagesFilter() {
    List<Incident> stored = incremental(List.of(series("api", Instant.parse("2026-11-20T22:00:00Z"),
        MinutePoint.ERROR_RATIO, "9".repeat(120))), DEFAULTS);
    IncidentPlan plan = IncidentPlan.of(Set.of("2026-11-21"), stored, DEFAULTS);
    IncidentPlan copy = SerializableUtils.clone(plan);
    assertEquals(plan.readFrom("api"), copy.readFrom("api"));
    assertEquals(plan.readFrom("web"), copy.readFrom("web"));
    assertEquals(plan.replaceFromDate(), copy.replaceFromDate());
    assertEquals(plan.kept(), copy.kept());
  }

  @Test
  public void refusesStoredIncidentsOfOtherRulesAndBadDates() {
    List<Incident> stored = full(errors("api", "777......"), List.of(ERRORS));
    IncidentRule stricter = IncidentRule.of("error_ratio_high", MinutePoint.ERROR_RATIO, 0.02, 3, 5, "major");
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> IncidentPlan.of(Set.of("2026-11-20"), stored, List.of(stricter))).getMessage(),
        containsString("the rules changed since, so recompute gold/incidents from all of service_minute"));
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> IncidentPlan.of(Set.of("20.11.2026"), stored, List.of(ERRORS))).getMessage(),
        containsString("touched date \"20.11.2026\" is not a date (yyyy-MM-dd)"));
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> IncidentPlan.of(Set.of(), stored, List.of(ERRORS))).getMessage(),
        containsString("no touched dates"));
  }

  /** Random seeded series of three services, split into batches with late minutes: incremental == full, row for row. */
  @Test
  public void incrementalEqualsFullOnRandomSeriesSplitIntoRandomBatches() {
    int incidents = 0;
    for (long seed = 1; seed <= 25; seed++) {
      Random random = new Random(seed);
      Instant start = Instant.parse("2026-11-20T00:00:00Z");
      List<MinutePoint> all = randomSeries(random, List.of(new long[] {0, 2 * 1440 + random.nextInt(1440)}), start);
      incidents += checkIncrementalEqualsFull(seed, all, timeOrderedBatches(all, random, 30 + random.nextInt(30), 3));
    }
    assertThat(incidents, greaterThan(500));
  }

  /**
   * The same around date boundaries, where the plan's look-back and in-flight chain matter: ten midnights, the minutes
   * from 40 before to 40 after each, in batches of 1 to 10 minutes with late points.
   */
  @Test
  public void incrementalEqualsFullAroundMidnightsInSmallBatches() {
    List<long[]> windows = new ArrayList<>();
    for (int day = 1; day <= 10; day++) {
      windows.add(new long[] {day * 1440L - 40, day * 1440L + 40});
    }
    int incidents = 0;
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      List<MinutePoint> all = randomSeries(random, windows, Instant.parse("2026-11-20T00:00:00Z"));
      int minutes = 10 * 80;
      incidents += checkIncrementalEqualsFull(seed, all, timeOrderedBatches(all, random, minutes / 5, 3));
    }
    assertThat(incidents, greaterThan(500));
  }

  private static int checkIncrementalEqualsFull(long seed, List<MinutePoint> all, List<List<MinutePoint>> batches) {
    List<IncidentRule> rules = new ArrayList<>(DEFAULTS);
    rules.add(IncidentRule.of("payments_latency", MinutePoint.LOG_LATENCY_P99_MS, 500, 2, 2, "critical",
        List.of("payments")));
    // a long M: a resolved incident's clearing window reaches past the look-back into the next date
    rules.add(IncidentRule.of("errors_slow_clear", MinutePoint.ERROR_RATIO, 0.1, 2, 30, "minor"));
    List<Incident> expected = full(all, rules);
    assertEquals("seed " + seed, expected, incremental(batches, rules));
    return expected.size();
  }

  /** Each service's points in the minute windows [from, to) after {@code start}; one minute in ten has no row. */
  private static List<MinutePoint> randomSeries(Random random, List<long[]> windows, Instant start) {
    List<MinutePoint> points = new ArrayList<>();
    for (String service : List.of("api", "payments", "ledger")) {
      Map<String, Boolean> bad = new HashMap<>();
      for (long[] window : windows) {
        for (long k = window[0]; k < window[1]; k++) {
          if (random.nextDouble() < 0.1) {
            continue; // no row this minute
          }
          Map<String, Double> signals = new LinkedHashMap<>();
          signal(signals, bad, random, MinutePoint.ERROR_RATIO, new double[] {0.0, 0.01, 0.049},
              new double[] {0.05, 0.1, 0.2});
          signal(signals, bad, random, "cpu_pct_avg", new double[] {10, 50, 89.9}, new double[] {90, 95, 99});
          signal(signals, bad, random, "disk_pct_max", new double[] {50, 80}, new double[] {95, 97});
          signal(signals, bad, random, MinutePoint.LOG_LATENCY_P99_MS, new double[] {100, 400, 600},
              new double[] {1000, 1500, 3000});
          if (!signals.isEmpty()) {
            points.add(MinutePoint.of(service, start.plus(k * 60_000L), signals));
          }
        }
      }
    }
    return points;
  }

  /** Episodes: a signal turns bad now and then and stays bad for a while, mostly breaching while bad. */
  private static void signal(Map<String, Double> signals, Map<String, Boolean> bad, Random random, String signal,
      double[] good, double[] breaching) {
    boolean isBad = bad.getOrDefault(signal, false);
    isBad = isBad ? random.nextDouble() > 0.15 : random.nextDouble() < 0.02;
    bad.put(signal, isBad);
    if (random.nextDouble() < 0.1) {
      return; // the signal has no value this minute
    }
    boolean breach = isBad ? random.nextDouble() < 0.85 : random.nextDouble() < 0.01;
    double[] values = breach ? breaching : good;
    signals.put(signal, values[random.nextInt(values.length)]);
  }

  /**
   * The points in time order, cut at {@code cuts} random minutes into batches; one point in twenty arrives one to
   * {@code maxDelay} batches late (which now and then touches the previous date).
   */
  private static List<List<MinutePoint>> timeOrderedBatches(List<MinutePoint> all, Random random, int cuts,
      int maxDelay) {
    TreeSet<Instant> minutes = new TreeSet<>();
    all.forEach(p -> minutes.add(p.getMinute()));
    List<Instant> ordered = new ArrayList<>(minutes);
    TreeSet<Instant> boundaries = new TreeSet<>();
    for (int i = 0; i < cuts; i++) {
      boundaries.add(ordered.get(random.nextInt(ordered.size())));
    }
    int count = boundaries.size() + 1;
    List<List<MinutePoint>> batches = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batches.add(new ArrayList<>());
    }
    for (MinutePoint point : all) {
      int batch = boundaries.headSet(point.getMinute(), true).size();
      if (random.nextDouble() < 0.05) {
        batch = Math.min(count - 1, batch + 1 + random.nextInt(maxDelay));
      }
      batches.get(batch).add(point);
    }
    return batches;
  }

  /** What the stage does per batch: plan, re-read, detect, replace the partitions from the plan's date on. */
  static List<Incident> incremental(List<List<MinutePoint>> batches, List<IncidentRule> rules) {
    List<MinutePoint> table = new ArrayList<>();
    List<Incident> stored = new ArrayList<>();
    for (List<MinutePoint> batch : batches) {
      table.addAll(batch);
      if (batch.isEmpty()) {
        continue;
      }
      Set<String> touched = new TreeSet<>();
      batch.forEach(p -> touched.add(EventDates.utcDate(p.getMinute())));
      IncidentPlan plan = IncidentPlan.of(touched, stored, rules);
      List<Incident> detected = full(table.stream().filter(plan::reads).collect(Collectors.toList()), rules);
      List<Incident> next = stored.stream()
          .filter(i -> i.date().compareTo(plan.replaceFromDate()) < 0)
          .collect(Collectors.toList());
      next.addAll(plan.replacedRows(detected));
      next.sort(ROWS);
      stored = next;
    }
    return stored;
  }

  /** Detection over every point at once. */
  static List<Incident> full(List<MinutePoint> points, List<IncidentRule> rules) {
    Map<String, List<MinutePoint>> byService = new TreeMap<>();
    points.forEach(p -> byService.computeIfAbsent(p.getService(), s -> new ArrayList<>()).add(p));
    List<Incident> incidents = new ArrayList<>();
    byService.forEach((service, series) -> incidents.addAll(IncidentDetector.detect(service, series, rules)));
    incidents.sort(ROWS);
    return incidents;
  }
}
