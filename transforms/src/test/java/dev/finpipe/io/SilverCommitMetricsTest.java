package dev.finpipe.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;
import org.junit.Test;

public class SilverCommitMetricsTest {
  @Test
  public void perDateCountsRoundTripAsAJsonObjectInDateOrder() {
    String json = SilverCommitMetrics.encode(Map.of("2026-11-21", 2L, "2026-11-20", 5L));

    assertEquals("{\"2026-11-20\":5,\"2026-11-21\":2}", json);
    assertEquals(Map.of("2026-11-20", 5L, "2026-11-21", 2L),
        SilverCommitMetrics.duplicatesPerEventDate(Map.of(SilverCommitMetrics.DUPLICATES_PER_EVENT_DATE, json)));
  }

  @Test
  public void aCommitWithoutTheMetricHasNoDuplicates() {
    assertEquals(Map.of(), SilverCommitMetrics.duplicatesPerEventDate(Map.of("numOutputRows", "4")));
    assertEquals(Map.of(), SilverCommitMetrics.duplicatesPerEventDate(
        Map.of(SilverCommitMetrics.DUPLICATES_PER_EVENT_DATE, SilverCommitMetrics.encode(Map.of()))));
  }

  @Test
  public void aMalformedValueFailsWithTheValue() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SilverCommitMetrics.duplicatesPerEventDate(
        Map.of(SilverCommitMetrics.DUPLICATES_PER_EVENT_DATE, "[1,2]")));
    assertThat(e.getMessage(), containsString("[1,2]"));
  }
}
