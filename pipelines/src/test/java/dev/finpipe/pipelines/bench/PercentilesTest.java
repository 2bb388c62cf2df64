package dev.finpipe.pipelines.bench;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class PercentilesTest {
  @Test
  public void nearestRankOfAnUnsortedSample() {
    Percentiles p = Percentiles.of(new long[] {900, 100, 500, 300, 700, 200, 400, 600, 800, 1000});

    assertEquals(10, p.count());
    assertEquals(100, p.at(0));
    assertEquals(500, p.at(50));
    assertEquals(1000, p.at(95));
    assertEquals(900, p.at(90));
    assertEquals(1000, p.at(100));
  }

  @Test
  public void summaryOfOneValueAndOfNone() {
    Map<String, Long> one = new LinkedHashMap<>();
    one.put("count", 1L);
    one.put("median_ms", 42L);
    one.put("p95_ms", 42L);
    one.put("p99_ms", 42L);
    one.put("max_ms", 42L);
    assertEquals(one, Percentiles.of(new long[] {42}).summary());

    Map<String, Long> none = new LinkedHashMap<>();
    none.put("count", 0L);
    none.put("median_ms", -1L);
    none.put("p95_ms", -1L);
    none.put("p99_ms", -1L);
    none.put("max_ms", -1L);
    assertEquals(none, Percentiles.of(new long[0]).summary());
  }
}
