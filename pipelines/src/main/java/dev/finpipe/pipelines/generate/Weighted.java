package dev.finpipe.pipelines.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A weighted choice among a few values. */
final class Weighted<T> {
  private final List<T> values = new ArrayList<>();
  private final List<Integer> cumulative = new ArrayList<>();
  private int total;

  static <T> Weighted<T> of() {
    return new Weighted<>();
  }

  Weighted<T> with(T value, int weight) {
    total += weight;
    values.add(value);
    cumulative.add(total);
    return this;
  }

  T pick(SplittableRandom random) {
    int r = random.nextInt(total);
    for (int i = 0; i < values.size(); i++) {
      if (r < cumulative.get(i)) {
        return values.get(i);
      }
    }
    throw new AssertionError("unreachable");
  }
}
