package dev.finpipe.ops;

import static dev.finpipe.ops.OpsFixtures.BASE;
import static dev.finpipe.ops.OpsFixtures.errors;
import static dev.finpipe.ops.OpsFixtures.incident;
import static dev.finpipe.ops.OpsFixtures.m;
import static dev.finpipe.ops.OpsFixtures.rule;
import static dev.finpipe.ops.OpsFixtures.series;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.joda.time.Instant;
import org.junit.Test;

/** Scripted episodes whose start, detection and resolution are known, against {@link IncidentDetector}. */
public class IncidentDetectorTest {
  private static final IncidentRule ERRORS = rule("error_ratio_high"); // >= 0.05, N=3, M=5, major
  private static final IncidentRule CPU = rule("cpu_saturated"); // cpu_pct_avg >= 90, N=5, M=5, minor

  private static List<Incident> detect(List<MinutePoint> points, IncidentRule... rules) {
    return IncidentDetector.detect("api", points, List.of(rules));
  }

  @Test
  public void cleanEpisodeAfterARunShorterThanN() {
    // breaches at 0, 1 (too short), then 3..6; six healthy minutes after; horizon m12
    assertEquals(
        List.of(incident("api", ERRORS, m(3), m(6), m(7), m(6), 4, 0.09, m(5))),
        detect(errors("api", "55.5796......"), ERRORS));
  }

  @Test
  public void thresholdIsInclusiveAndBelowItIsHealthy() {
    assertEquals(
        List.of(incident("api", ERRORS, m(0), m(3), m(4), m(3), 4, 0.05, m(0))),
        detect(errors("api", "55554....."), ERRORS));
  }

  @Test
  public void healthyGapShorterThanMDoesNotSplit() {
    // breaches 0..2, then 3, 4 without a point, 5 below the threshold, 6 at 0: four healthy minutes; breach at 7
    assertEquals(
        List.of(incident("api", ERRORS, m(0), m(3), m(8), m(7), 4, 0.09, m(7))),
        detect(errors("api", "777__4.9....."), ERRORS));
  }

  @Test
  public void gapOfMHealthyMinutesResolvesAndANewIncidentNeedsNBreachesAgain() {
    assertEquals(
        List.of(
            incident("api", ERRORS, m(0), m(3), m(3), m(2), 3, 0.07, m(0)),
            incident("api", ERRORS, m(8), m(11), m(11), m(10), 3, 0.08, m(9))),
        detect(errors("api", "777.....787.....77......"), ERRORS));
  }

  @Test
  public void stillOpenAtTheHorizon() {
    assertEquals(
        List.of(incident("api", ERRORS, m(0), m(3), null, m(3), 4, 0.09, m(3))),
        detect(errors("api", "6789..."), ERRORS));
  }

  @Test
  public void resolutionWaitsForTheHorizonToReachMHealthyMinutes() {
    // last breach m3: resolved_at m4 once the horizon is >= m4 + (5 - 1) = m8
    assertEquals(
        List.of(incident("api", ERRORS, m(0), m(3), null, m(3), 4, 0.09, m(3))),
        detect(errors("api", "6789...."), ERRORS));
    assertEquals(
        List.of(incident("api", ERRORS, m(0), m(3), m(4), m(3), 4, 0.09, m(3))),
        detect(errors("api", "6789....."), ERRORS));
    // the horizon is the newest minute of any row: a point with only a metric at m8 resolves it too
    assertEquals(
        List.of(incident("api", ERRORS, m(0), m(3), m(4), m(3), 4, 0.09, m(3))),
        detect(series("api", BASE, MinutePoint.ERROR_RATIO, "6789", "cpu_pct_avg", "________1"), ERRORS));
  }

  @Test
  public void twoRulesOnOneServiceAreIndependent() {
    List<MinutePoint> points = series("api", BASE,
        MinutePoint.ERROR_RATIO, "..555..........",
        "cpu_pct_avg", "99999998888888");
    assertEquals(
        List.of(
            incident("api", CPU, m(0), m(5), m(7), m(6), 7, 90.0, m(0)),
            incident("api", ERRORS, m(2), m(5), m(5), m(4), 3, 0.05, m(2))),
        detect(points, ERRORS, CPU));
  }

  @Test
  public void ruleWithServicesWatchesOnlyThose() {
    IncidentRule paymentsOnly = IncidentRule.of("payments_errors", MinutePoint.ERROR_RATIO, 0.05, 3, 5, "critical",
        List.of("payments"));
    assertEquals(List.of(), detect(errors("api", "777......"), paymentsOnly));
    assertEquals(
        List.of(incident("payments", paymentsOnly, m(0), m(3), m(3), m(2), 3, 0.07, m(0))),
        IncidentDetector.detect("payments", errors("payments", "777......"), List.of(paymentsOnly)));
  }

  @Test
  public void singleMinuteRuleOpensAtOnceAndNeedsItsOwnM() {
    IncidentRule disk = rule("disk_full"); // disk_pct_max >= 95, N=1, M=10, critical
    List<MinutePoint> points = new ArrayList<>();
    points.add(MinutePoint.of("api", m(0), Map.of("disk_pct_max", 96.0)));
    for (int k = 1; k <= 10; k++) {
      points.add(MinutePoint.of("api", m(k), Map.of("disk_pct_max", 94.9)));
    }
    assertEquals(
        List.of(incident("api", disk, m(0), m(1), m(1), m(0), 1, 96.0, m(0))),
        detect(points, disk));
    assertEquals( // horizon m9 < m0 + 10
        List.of(incident("api", disk, m(0), m(1), null, m(0), 1, 96.0, m(0))),
        detect(points.subList(0, 10), disk));
  }

  @Test
  public void episodeSpanningMidnightBelongsToItsStartDate() {
    Instant start = Instant.parse("2026-11-20T23:58:00Z");
    List<Incident> incidents = detect(series("api", start, MinutePoint.ERROR_RATIO, "555555......"), ERRORS);
    assertEquals(
        List.of(incident("api", ERRORS, start, Instant.parse("2026-11-21T00:01:00Z"),
            Instant.parse("2026-11-21T00:04:00Z"), Instant.parse("2026-11-21T00:03:00Z"), 6, 0.05, start)),
        incidents);
    assertEquals("2026-11-20", incidents.get(0).date());
    assertEquals("api|error_ratio_high|2026-11-20T23:58:00.000Z", incidents.get(0).getIncidentId());
  }

  @Test
  public void orderOfThePointsDoesNotMatter() {
    List<MinutePoint> points = series("api", BASE,
        MinutePoint.ERROR_RATIO, "777__4.9.....55.5796......",
        "cpu_pct_avg", "99999998888888");
    List<Incident> expected = detect(points, ERRORS, CPU);
    List<MinutePoint> shuffled = new ArrayList<>(points);
    Collections.shuffle(shuffled, new Random(7));
    assertEquals(expected, detect(shuffled, ERRORS, CPU));
    assertEquals(3, expected.size());
  }

  @Test
  public void refusesTwoPointsOfOneMinuteAndPointsOfAnotherService() {
    List<MinutePoint> twice = new ArrayList<>(errors("api", "5"));
    twice.addAll(errors("api", "6"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> detect(twice, ERRORS)).getMessage(),
        containsString("api has two points at 2026-11-20T10:00:00.000Z"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> detect(errors("web", "5"), ERRORS)).getMessage(),
        containsString("a point of web among the minutes of api"));
  }
}
