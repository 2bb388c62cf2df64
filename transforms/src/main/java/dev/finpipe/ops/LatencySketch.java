package dev.finpipe.ops;

import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A mergeable sketch of latencies (DDSketch-style): values are counted in logarithmic buckets whose bounds grow by
 * {@code γ = (1 + α) / (1 - α)} with relative accuracy {@link #ALPHA} = 1%. Bucket {@code i} holds the values in
 * {@code (γ^(i-1), γ^i]} and stands for {@code 2γ^i / (γ + 1)}, which is within {@code α} of every value in it, so a
 * quantile read from the sketch is within 1% (relative) of the exact nearest-rank quantile of the values added.
 * Values below {@link #MIN_INDEXABLE} ms (0, and negative ones where the app_logs rule {@code latency_non_negative}
 * only warns) are counted in a zero bucket that stands for 0.
 *
 * <p>Merging adds bucket counts, so it is exact, associative and commutative: a minute's sketch is the same whether
 * its lines came in one batch or in several, and its quantiles with it. Bucket indexes use {@link StrictMath}, so
 * every JVM puts a value in the same bucket.
 *
 * <p>{@link #encode()} writes the sketch as a short string, {@code 1;<zero count>;<buckets>}: format 1 (these α and
 * minimum), then the buckets in index order, each as its index's distance from the previous one (the first's from 0),
 * followed by {@code :<count>} when its count is not 1, comma-separated; e.g. {@code 1;0;340,3:5,1} holds one value in
 * bucket 340, five in 343 and one in 344. A minute's latencies between 1 ms and 10 s fall in at most 462 buckets
 * ({@code ln 10^4 / ln γ}).
 */
public final class LatencySketch {
  /** Relative accuracy of every quantile. */
  public static final double ALPHA = 0.01;

  /** Values below this (in ms) are counted as 0. */
  public static final double MIN_INDEXABLE = 1e-6;

  private static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
  private static final double LN_GAMMA = StrictMath.log(GAMMA);
  private static final String FORMAT = "1";

  private final TreeMap<Integer, Long> buckets = new TreeMap<>();
  private long zeroCount;
  private long count;

  /** An empty sketch. */
  public static LatencySketch empty() {
    return new LatencySketch();
  }

  /** Counts one value; a value that is not a finite number is refused. */
  public LatencySketch add(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("latency " + value + " is not a finite number");
    }
    if (value < MIN_INDEXABLE) {
      zeroCount++;
    } else {
      buckets.merge(index(value), 1L, Long::sum);
    }
    count++;
    return this;
  }

  /** Adds {@code other}'s counts into this sketch. */
  public LatencySketch merge(LatencySketch other) {
    other.buckets.forEach((i, c) -> buckets.merge(i, c, Long::sum));
    zeroCount += other.zeroCount;
    count += other.count;
    return this;
  }

  /** The number of values added. */
  public long count() {
    return count;
  }

  /**
   * The nearest-rank {@code percent}-th percentile (the {@code ceil(percent / 100 * n)}-th smallest of the n values,
   * the smallest for 0), within {@link #ALPHA} of the exact one; null for an empty sketch.
   */
  public @Nullable Double percentile(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percentile " + percent + " is not 0 to 100");
    }
    if (count == 0) {
      return null;
    }
    long rank = Math.max(1, (percent * count + 99) / 100); // ceil in integers: no rounding at the ranks' edges
    long seen = zeroCount;
    if (rank <= seen) {
      return 0.0;
    }
    for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
      seen += bucket.getValue();
      if (rank <= seen) {
        return 2 * StrictMath.pow(GAMMA, bucket.getKey()) / (GAMMA + 1);
      }
    }
    throw new IllegalStateException("sketch counts do not add up to " + count);
  }

  private static int index(double value) {
    return (int) StrictMath.ceil(StrictMath.log(value) / LN_GAMMA);
  }

  /** The sketch as a string (see the class comment). */
  public String encode() {
    StringBuilder out = new StringBuilder(FORMAT).append(';').append(zeroCount).append(';');
    int previous = 0;
    boolean first = true;
    for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
      if (!first) {
        out.append(',');
      }
      out.append(bucket.getKey() - previous);
      if (bucket.getValue() != 1) {
        out.append(':').append(bucket.getValue());
      }
      previous = bucket.getKey();
      first = false;
    }
    return out.toString();
  }

  /** The sketch {@link #encode()} wrote; a string that is not one is refused with what is wrong with it. */
  public static LatencySketch decode(String encoded) {
    String[] parts = encoded.split(";", -1);
    if (parts.length != 3 || !parts[0].equals(FORMAT)) {
      throw new IllegalArgumentException("not a latency sketch of format " + FORMAT + " (1;<zero count>;<buckets>): \""
          + encoded + "\"");
    }
    LatencySketch sketch = new LatencySketch();
    try {
      sketch.zeroCount = positiveOrZero(Long.parseLong(parts[1]), encoded);
      sketch.count = sketch.zeroCount;
      int index = 0;
      boolean first = true;
      for (String entry : parts[2].isEmpty() ? new String[0] : parts[2].split(",", -1)) {
        int colon = entry.indexOf(':');
        int delta = Integer.parseInt(colon < 0 ? entry : entry.substring(0, colon));
        long n = colon < 0 ? 1 : Long.parseLong(entry.substring(colon + 1));
        if ((!first && delta <= 0) || n <= 0) {
          throw new IllegalArgumentException("latency sketch \"" + encoded + "\": bucket \"" + entry
              + "\" is out of order or has no values");
        }
        index += delta;
        sketch.buckets.put(index, n);
        sketch.count += n;
        first = false;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("latency sketch \"" + encoded + "\" holds a malformed number", e);
    }
    return sketch;
  }

  private static long positiveOrZero(long n, String encoded) {
    if (n < 0) {
      throw new IllegalArgumentException("latency sketch \"" + encoded + "\" has a negative zero count");
    }
    return n;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LatencySketch && ((LatencySketch) o).zeroCount == zeroCount
        && ((LatencySketch) o).buckets.equals(buckets);
  }

  @Override
  public int hashCode() {
    return buckets.hashCode() * 31 + Long.hashCode(zeroCount);
  }

  @Override
  public String toString() {
    return encode();
  }
}
