package dev.finpipe.ops;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.ops.OpsKpis.MttrFrom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.junit.Test;

/** KPIs against values worked out by hand (in the comments). */
public class OpsKpisTest {
  /** An incident of {@code service} whose rule has N = {@code n}: detected n minutes after it started. */
  static Incident incident(String service, String started, int n, @Nullable String resolved) {
    IncidentRule rule = IncidentRule.of("rule_n" + n, MinutePoint.ERROR_RATIO, 0.05, n, 5, "major");
    Instant start = Instant.parse(started);
    Instant resolvedAt = resolved == null ? null : Instant.parse(resolved);
    Instant lastBreach = resolvedAt == null ? start.plus(n * 60_000L) : resolvedAt.minus(60_000);
    return OpsFixtures.incident(service, rule, start, start.plus(n * 60_000L), resolvedAt, lastBreach, n, 0.1, start);
  }

  /** The fixture of the KPI tests: api over three dates, web on one. */
  static List<Incident> fixture() {
    return List.of(
        incident("api", "2026-11-20T10:00:00Z", 3, "2026-11-20T10:10:00Z"), // A: ttd 180, ttr 420 (started: 600)
        incident("api", "2026-11-20T10:20:00Z", 1, "2026-11-20T10:31:00Z"), // B: ttd 60, ttr 600 (660)
        incident("api", "2026-11-20T11:00:00Z", 5, "2026-11-20T11:35:00Z"), // C: ttd 300, ttr 1800 (2100)
        incident("api", "2026-11-20T12:00:00Z", 3, null), // D: ttd 180, open
        incident("api", "2026-11-20T23:58:00Z", 3, "2026-11-21T00:04:00Z"), // E: detected 11-21 00:01; ttr 180 (360)
        incident("api", "2026-11-19T23:00:00Z", 5, "2026-11-20T01:05:00Z"), // F: detected 11-19; ttr 7200 (7500)
        incident("web", "2026-11-20T09:00:00Z", 3, "2026-11-20T09:13:00Z")); // G: ttd 180, ttr 600 (780)
  }

  static OpsKpisDaily kpi(String date, String service, long opened, long resolved, @Nullable Double mttdMean,
      @Nullable Double mttdMedian, @Nullable Double mttdP90, @Nullable Double mttrMean, @Nullable Double mttrMedian,
      @Nullable Double mttrP90) {
    return OpsKpisDaily.builder().setDate(date).setService(service).setIncidentsOpened(opened)
        .setIncidentsResolved(resolved).setMttdMeanS(mttdMean).setMttdMedianS(mttdMedian).setMttdP90S(mttdP90)
        .setMttrMeanS(mttrMean).setMttrMedianS(mttrMedian).setMttrP90S(mttrP90).build();
  }

  /** MTTR from detection. */
  static List<OpsKpisDaily> expectedFromDetected() {
    return List.of(
        // F detected on 11-19: one value, 300 s
        kpi("2026-11-19", "api", 1, 0, 300.0, 300.0, 300.0, null, null, null),
        // detected A, B, C, D: 60, 180, 180, 300 -> mean 720/4 = 180, median = 2nd = 180, p90 = ceil(3.6) = 4th = 300;
        // resolved A, B, C, F: 420, 600, 1800, 7200 -> mean 10020/4 = 2505, median 2nd = 600, p90 4th = 7200
        kpi("2026-11-20", "api", 4, 4, 180.0, 180.0, 300.0, 2505.0, 600.0, 7200.0),
        kpi("2026-11-20", "web", 1, 1, 180.0, 180.0, 180.0, 600.0, 600.0, 600.0),
        // E detected 00:01 and resolved 00:04 on 11-21
        kpi("2026-11-21", "api", 1, 1, 180.0, 180.0, 180.0, 180.0, 180.0, 180.0));
  }

  /** MTTR from the start: only the MTTR columns change. */
  static List<OpsKpisDaily> expectedFromStarted() {
    return List.of(
        kpi("2026-11-19", "api", 1, 0, 300.0, 300.0, 300.0, null, null, null),
        // 600, 660, 2100, 7500 -> mean 10860/4 = 2715, median 660, p90 7500
        kpi("2026-11-20", "api", 4, 4, 180.0, 180.0, 300.0, 2715.0, 660.0, 7500.0),
        kpi("2026-11-20", "web", 1, 1, 180.0, 180.0, 180.0, 780.0, 780.0, 780.0),
        kpi("2026-11-21", "api", 1, 1, 180.0, 180.0, 180.0, 360.0, 360.0, 360.0));
  }

  @Test
  public void openedCountsOnTheDetectionDateAndResolvedOnTheResolutionDate() {
    assertEquals(expectedFromDetected(), OpsKpis.daily(fixture(), MttrFrom.DETECTED));
  }

  @Test
  public void mttrFromStartedMeasuresFromTheFirstBreachingMinute() {
    assertEquals(expectedFromStarted(), OpsKpis.daily(fixture(), MttrFrom.STARTED));
  }

  @Test
  public void percentilesAreNearestRankOverTenValuesInAnyOrder() {
    // time to resolve i minutes for i = 1..10: 60..600 s; mean 3300/10 = 330; median = 5th = 300; p90 = 9th = 540
    List<Incident> incidents = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      Instant started = Instant.parse("2026-11-20T00:00:00Z").plus(i * 3_600_000L);
      incidents.add(incident("api", started.toString(), 1, started.plus(60_000L + i * 60_000L).toString()));
    }
    Collections.shuffle(incidents, new Random(3));
    assertEquals(List.of(kpi("2026-11-20", "api", 10, 10, 60.0, 60.0, 60.0, 330.0, 300.0, 540.0)),
        OpsKpis.daily(incidents, MttrFrom.DETECTED));
  }

  @Test
  public void mttrFromParsesTheOptionAndRefusesOtherValues() {
    assertEquals(MttrFrom.STARTED, MttrFrom.parse("started"));
    assertEquals(MttrFrom.DETECTED, MttrFrom.parse("detected"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> MttrFrom.parse("opened")).getMessage(),
        containsString("--mttrFrom=opened must be detected (resolved_at - detected_at, the default) or started"));
  }
}
