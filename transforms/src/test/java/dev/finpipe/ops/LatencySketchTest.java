package dev.finpipe.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class LatencySketchTest {
  private static LatencySketch of(List<Double> values) {
    LatencySketch sketch = LatencySketch.empty();
    values.forEach(sketch::add);
    return sketch;
  }

  /** Latencies spread over seven decades (log-uniform), some of them zero, some repeated. */
  private static List<Double> latencies(long seed, int n) {
    Random random = new Random(seed);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      values.add(u < 0.05 ? 0.0 : u < 0.1 && !values.isEmpty() ? values.get(random.nextInt(values.size()))
          : Math.pow(10, -2 + 7 * random.nextDouble()));
    }
    return values;
  }

  /** The nearest-rank percentile, computed here from the sorted values. */
  private static double exact(List<Double> values, int percent) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.max(1, Math.ceil(percent / 100.0 * sorted.length - 1e-9));
    return sorted[rank - 1];
  }

  @Test
  public void everyPercentileIsWithinOnePercentOfTheExactNearestRankOne() {
    for (long seed = 1; seed <= 20; seed++) {
      List<Double> values = latencies(seed, 1 + (int) (seed * 37 % 500));
      LatencySketch sketch = of(values);
      for (int percent = 0; percent <= 100; percent++) {
        double exact = exact(values, percent);
        double estimate = sketch.percentile(percent);
        assertTrue("seed " + seed + " p" + percent + ": " + estimate + " vs exact " + exact,
            Math.abs(estimate - exact) <= LatencySketch.ALPHA * exact + 1e-12);
      }
    }
  }

  @Test
  public void mergeIsAssociativeAndCommutativeAndEqualsOneSketchOfAllValues() {
    List<Double> a = latencies(1, 300);
    List<Double> b = latencies(2, 50);
    List<Double> c = latencies(3, 1);
    List<Double> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    LatencySketch whole = of(all);

    LatencySketch leftFirst = of(a).merge(of(b)).merge(of(c));
    LatencySketch rightFirst = of(a).merge(of(b).merge(of(c)));
    LatencySketch reversed = of(c).merge(of(b)).merge(of(a));
    for (LatencySketch merged : List.of(leftFirst, rightFirst, reversed)) {
      assertEquals(whole, merged);
      assertEquals(whole.encode(), merged.encode());
      assertEquals(all.size(), merged.count());
      for (int percent : new int[] {1, 50, 95, 99, 100}) {
        assertEquals(whole.percentile(percent), merged.percentile(percent));
      }
    }
    assertEquals(whole, of(all).merge(LatencySketch.empty()));
  }

  @Test
  public void encodingRoundTripsAndIsTheDocumentedFormat() {
    double gamma = 1.01 / 0.99;
    // 1.0 is bucket 0; gamma^3 (and just below it) bucket 3; 0 and 1e-7 the zero bucket.
    LatencySketch sketch = of(Arrays.asList(1.0, Math.pow(gamma, 3) * 0.9999, Math.pow(gamma, 3) * 0.99999, 0.0, 1e-7,
        Math.pow(gamma, 4) * 0.9999));
    assertEquals("1;2;0,3:2,1", sketch.encode());
    assertEquals(sketch, LatencySketch.decode(sketch.encode()));
    assertEquals(6, LatencySketch.decode("1;2;0,3:2,1").count());
    assertEquals("1;0;", LatencySketch.empty().encode());
    assertEquals(LatencySketch.empty(), LatencySketch.decode("1;0;"));
    // A negative index (values below 1 ms) encodes as a negative first distance.
    assertEquals(of(List.of(0.5, 0.5)), LatencySketch.decode(LatencySketch.decode(of(List.of(0.5, 0.5)).encode()).encode()));
    assertTrue(of(List.of(0.5)).encode().startsWith("1;0;-"));
  }

  @Test
  public void percentilesOfSmallSketchesAreTheirBucketsValues() {
    assertNull(LatencySketch.empty().percentile(99));
    LatencySketch zeros = of(List.of(0.0, 0.0, 250.0));
    assertEquals(0.0, zeros.percentile(50), 0);
    assertEquals(0.0, zeros.percentile(66), 0);
    assertEquals(250.0, zeros.percentile(67), 250.0 * LatencySketch.ALPHA);
    assertEquals(250.0, zeros.percentile(100), 250.0 * LatencySketch.ALPHA);
    assertEquals(0.0, zeros.percentile(0), 0);
  }

  @Test
  public void badInputIsRefusedWithWhatIsWrong() {
    assertThrows(IllegalArgumentException.class, () -> LatencySketch.empty().add(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> LatencySketch.empty().percentile(101));
    for (String bad : new String[] {"", "2;0;", "1;x;", "1;0;3,0", "1;0;3,-1", "1;0;3:0", "1;-1;", "1;0;3;4"}) {
      IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class, () -> LatencySketch.decode(bad));
      assertTrue(e.getMessage(), e.getMessage().contains("latency sketch"));
    }
  }
}
