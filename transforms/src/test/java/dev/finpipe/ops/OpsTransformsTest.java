package dev.finpipe.ops;

import static dev.finpipe.ops.OpsFixtures.BASE;
import static dev.finpipe.ops.OpsFixtures.incident;
import static dev.finpipe.ops.OpsFixtures.m;
import static dev.finpipe.ops.OpsFixtures.rule;
import static dev.finpipe.ops.OpsFixtures.series;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import dev.finpipe.ops.OpsKpis.MttrFrom;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/** {@link DetectIncidents} and {@link ComputeOpsKpis} on the DirectRunner. */
public class OpsTransformsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void detectsEachServicesIncidentsWhateverWindowsThePointsCameIn() {
    IncidentRule errors = rule("error_ratio_high");
    IncidentRule cpu = rule("cpu_saturated");
    List<MinutePoint> points = new ArrayList<>(series("api", BASE,
        MinutePoint.ERROR_RATIO, "..555..........",
        "cpu_pct_avg", "99999998888888"));
    points.addAll(series("web", BASE, MinutePoint.ERROR_RATIO, "6789..."));
    List<TimestampedValue<MinutePoint>> timestamped = new ArrayList<>();
    points.forEach(point -> timestamped.add(TimestampedValue.of(point, point.getMinute())));

    PCollection<Incident> incidents = p
        .apply(Create.timestamped(timestamped))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
        .apply("DetectIncidents", DetectIncidents.withRules(List.of(errors, cpu)));

    PAssert.that(incidents).containsInAnyOrder(
        incident("api", cpu, m(0), m(5), m(7), m(6), 7, 90.0, m(0)),
        incident("api", errors, m(2), m(5), m(5), m(4), 3, 0.05, m(2)),
        incident("web", errors, m(0), m(3), null, m(3), 4, 0.09, m(3)));
    p.run();
  }

  @Test
  public void withoutRulesIsRefused() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> DetectIncidents.withRules(List.of())).getMessage(),
        containsString("at least one rule"));
    p.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void kpisPerDateAndServiceWithMttrFromDetection() {
    PCollection<OpsKpisDaily> kpis =
        p.apply(Create.of(OpsKpisTest.fixture())).apply("ComputeOpsKpis", ComputeOpsKpis.daily());
    PAssert.that(kpis).containsInAnyOrder(OpsKpisTest.expectedFromDetected());
    p.run();
  }

  @Test
  public void kpisWithMttrFromStartAndFromADate() {
    PCollection<OpsKpisDaily> kpis = p.apply(Create.of(OpsKpisTest.fixture()))
        .apply("ComputeOpsKpis", ComputeOpsKpis.daily().withMttrFrom(MttrFrom.STARTED).fromDate("2026-11-20"));
    PAssert.that(kpis).containsInAnyOrder(OpsKpisTest.expectedFromStarted().subList(1, 4));
    p.run();
  }
}
