package dev.finpipe.ops;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.io.SchemaRows;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.Test;

public class MinutePointTest {
  @Test
  public void signalsAreTheContractsNames() {
    assertEquals(List.of("error_ratio", "log_latency_p99_ms", "cpu_pct_avg", "cpu_pct_max", "mem_pct_avg",
        "mem_pct_max", "disk_pct_avg", "disk_pct_max", "latency_p99_ms_avg", "latency_p99_ms_max", "error_rate_avg",
        "error_rate_max"), MinutePoint.SIGNALS);
  }

  @Test
  public void refusesAMinuteThatIsNotAMinutesStartAnUnknownSignalAndANonFiniteValue() {
    Instant minute = Instant.parse("2026-11-20T10:00:00Z");
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> MinutePoint.of("api", minute.plus(1000), Map.of())).getMessage(),
        containsString("start of a UTC minute"));
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> MinutePoint.of("api", minute, Map.of("cpu_pct", 1.0))).getMessage(),
        containsString("unknown signal \"cpu_pct\""));
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> MinutePoint.of("api", minute, Map.of("error_ratio", Double.NaN))).getMessage(),
        containsString("signal error_ratio is NaN"));
  }

  @Test
  public void schemaCoderRoundTrips() throws Exception {
    MinutePoint point = MinutePoint.of("api", Instant.parse("2026-11-20T10:00:00Z"),
        Map.of("error_ratio", 0.25, "cpu_pct_avg", 91.5));
    Coder<MinutePoint> coder = SchemaRegistry.createDefault().getSchemaCoder(MinutePoint.class);
    assertEquals(point, CoderUtils.clone(coder, point));
  }

  @Test
  public void incidentAndKpiColumnsAreTheContracts() {
    assertEquals(
        "incident_id service rule severity signal threshold started_at detected_at resolved_at? last_breach_at"
            + " breach_minutes peak_value peak_at status",
        columns(SchemaRows.of(Incident.class).columns()));
    assertEquals(
        "date service incidents_opened incidents_resolved mttd_mean_s? mttd_median_s? mttd_p90_s? mttr_mean_s?"
            + " mttr_median_s? mttr_p90_s?",
        columns(SchemaRows.of(OpsKpisDaily.class).columns()));
    assertEquals("gold/incidents date " + columns(SchemaRows.of(Incident.class).columns()),
        spec(Tables.GOLD_INCIDENTS));
    assertEquals("gold/ops_kpis_daily date service incidents_opened incidents_resolved mttd_mean_s? mttd_median_s?"
        + " mttd_p90_s? mttr_mean_s? mttr_median_s? mttr_p90_s?", spec(Tables.GOLD_OPS_KPIS_DAILY));
  }

  private static String spec(TableSpec spec) {
    return spec.path() + " " + spec.partitionColumn() + " " + columns(spec.columns());
  }

  private static String columns(List<TableSpec.Column> columns) {
    return columns.stream().map(c -> c.name() + (c.nullable() ? "?" : "")).collect(Collectors.joining(" "));
  }
}
