package dev.finpipe.pipelines.generate;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.Test;

/** The generator's reference detection against incidents worked out by hand from the ops contract's semantics. */
public class ExpectedIncidentsTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final IncidentRule ERRORS = IncidentRule.named("error_ratio_high"); // >= 0.05, N=3, M=5
  private static final IncidentRule DISK = IncidentRule.named("disk_full"); // >= 95, N=1, M=10

  private static Instant at(int minute) {
    return T0.plusSeconds(60L * minute);
  }

  /**
   * A series of one service: minute i has {@code signal = values[i]}; a null value is a row without the signal, and
   * minutes from {@code values.length} to {@code horizon} are healthy rows (so the horizon is minute {@code horizon}).
   */
  private static Map<String, NavigableMap<Instant, Map<String, Double>>> series(String signal, int horizon,
      Double... values) {
    NavigableMap<Instant, Map<String, Double>> minutes = new TreeMap<>();
    for (int i = 0; i <= horizon; i++) {
      Double value = i < values.length ? values[i] : null;
      minutes.put(at(i), value == null ? Map.of("other", 1.0) : Map.of(signal, value));
    }
    return Map.of("svc", minutes);
  }

  private static ExpectedIncidents.Incident incident(IncidentRule rule, int started, Integer resolved,
      int lastBreach, long breaches) {
    return new ExpectedIncidents.Incident("svc", rule, at(started), at(started + rule.forMinutes()),
        resolved == null ? null : at(resolved), at(lastBreach), breaches);
  }

  private static final double B = 0.2; // breaches
  private static final double H = 0.01; // healthy

  @Test
  public void threeBreachingMinutesOpenAtTheFirstAndFiveHealthyOnesResolveAfterTheLast() {
    // minutes 2,3,4 breach; 5..9 healthy: resolved_at = 5, needing horizon >= 5 + 4 = 9.
    assertEquals(List.of(incident(ERRORS, 2, 5, 4, 3)),
        ExpectedIncidents.detect(series("error_ratio", 9, H, H, B, B, B), List.of(ERRORS)));
  }

  @Test
  public void incidentStaysOpenUntilTheHorizonReachesResolvedAtPlusMMinusOne() {
    assertEquals(List.of(incident(ERRORS, 2, null, 4, 3)),
        ExpectedIncidents.detect(series("error_ratio", 8, H, H, B, B, B), List.of(ERRORS)));
  }

  @Test
  public void twoBreachingMinutesAreNoIncidentAndAMinuteWithoutTheSignalBreaksTheRun() {
    // B B (no signal) B B: never three in a row.
    assertEquals(List.of(),
        ExpectedIncidents.detect(series("error_ratio", 20, B, B, null, B, B), List.of(ERRORS)));
  }

  @Test
  public void aMissingMinuteIsHealthy() {
    Map<String, NavigableMap<Instant, Map<String, Double>>> series = series("error_ratio", 12, B, B, B, B, B);
    series.get("svc").remove(at(1)); // B (no row) B B B: the run that counts starts at minute 2
    assertEquals(List.of(incident(ERRORS, 2, 5, 4, 3)), ExpectedIncidents.detect(series, List.of(ERRORS)));
  }

  @Test
  public void aValueAtTheThresholdBreaches() {
    assertEquals(List.of(incident(ERRORS, 0, 3, 2, 3)),
        ExpectedIncidents.detect(series("error_ratio", 7, 0.05, 0.05, 0.05), List.of(ERRORS)));
  }

  @Test
  public void aHealthyGapShorterThanMDoesNotSplitTheIncident() {
    // B B B, 4 healthy, B: one incident, last breach 7, 4 breaching minutes, resolved at 8.
    assertEquals(List.of(incident(ERRORS, 0, 8, 7, 4)),
        ExpectedIncidents.detect(series("error_ratio", 12, B, B, B, H, H, H, H, B), List.of(ERRORS)));
  }

  @Test
  public void aGapOfMResolvesAndANewIncidentNeedsNBreachesAgain() {
    // B B B, 5 healthy (resolved at 3), B B (no new incident), 5 healthy, B B B (a new one at 15).
    Double[] values = {B, B, B, H, H, H, H, H, B, B, H, H, H, H, H, B, B, B};
    assertEquals(List.of(incident(ERRORS, 0, 3, 2, 3), incident(ERRORS, 15, 18, 17, 3)),
        ExpectedIncidents.detect(series("error_ratio", 22, values), List.of(ERRORS)));
  }

  @Test
  public void breachesAfterTheOpeningRunExtendTheIncidentAndCount() {
    // N = 3 reached at minute 2; minutes 3 and 5 breach too: 5 breaching minutes, last breach 5.
    assertEquals(List.of(incident(ERRORS, 0, 6, 5, 5)),
        ExpectedIncidents.detect(series("error_ratio", 10, B, B, B, B, H, B), List.of(ERRORS)));
  }

  @Test
  public void diskFullOpensOnOneMinuteAndNeedsTenHealthyOnes() {
    assertEquals(List.of(incident(DISK, 1, 2, 1, 1)),
        ExpectedIncidents.detect(series("disk_pct_max", 11, 80.0, 97.0), List.of(DISK)));
    assertEquals(List.of(incident(DISK, 1, null, 1, 1)),
        ExpectedIncidents.detect(series("disk_pct_max", 10, 80.0, 97.0), List.of(DISK)));
  }

  @Test
  public void eachServiceAndRuleIsJudgedOnItsOwn() {
    NavigableMap<Instant, Map<String, Double>> a = new TreeMap<>();
    NavigableMap<Instant, Map<String, Double>> b = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      a.put(at(i), Map.of("error_ratio", i < 3 ? B : H, "disk_pct_max", i == 10 ? 99.0 : 50.0));
      b.put(at(i), Map.of("error_ratio", H));
    }
    assertEquals(List.of(
            new ExpectedIncidents.Incident("a", ERRORS, at(0), at(3), at(3), at(2), 3),
            new ExpectedIncidents.Incident("a", DISK, at(10), at(11), null, at(10), 1)),
        ExpectedIncidents.detect(Map.of("b", b, "a", a), List.of(ERRORS, DISK)));
  }
}
