package dev.finpipe.io;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Passes elements through unchanged, counting them in a named counter (for run summaries and their books), or, with
 * {@link #byKey}, in one counter per key ({@code prefix + key}), e.g. duplicates per event date.
 */
public final class CountElements<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final Class<?> namespace;
  private final String name;
  private final @Nullable SerializableFunction<T, String> key;

  private CountElements(Class<?> namespace, String name, @Nullable SerializableFunction<T, String> key) {
    this.namespace = namespace;
    this.name = name;
    this.key = key;
  }

  public static <T> CountElements<T> as(Class<?> namespace, String name) {
    return new CountElements<>(namespace, name, null);
  }

  /** Counts each element in the counter {@code prefix + key(element)} of {@code namespace}. */
  public static <T> CountElements<T> byKey(Class<?> namespace, String prefix, SerializableFunction<T, String> key) {
    return new CountElements<>(namespace, prefix, key);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    DoFn<T, T> count = key == null ? new CountFn<T>(namespace, name) : new CountByKeyFn<T>(namespace, name, key);
    return input.apply(ParDo.of(count)).setCoder(input.getCoder());
  }

  static final class CountByKeyFn<T> extends DoFn<T, T> {
    private final String namespace;
    private final String prefix;
    private final SerializableFunction<T, String> key;
    private transient Map<String, Counter> counters;

    CountByKeyFn(Class<?> namespace, String prefix, SerializableFunction<T, String> key) {
      this.namespace = namespace.getName();
      this.prefix = prefix;
      this.key = key;
    }

    @Setup
    public void setup() {
      counters = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      counters.computeIfAbsent(prefix + key.apply(element), n -> Metrics.counter(namespace, n)).inc();
      out.output(element);
    }
  }

  static final class CountFn<T> extends DoFn<T, T> {
    private final Counter counter;

    CountFn(Class<?> namespace, String name) {
      this.counter = Metrics.counter(namespace, name);
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      counter.inc();
      out.output(element);
    }
  }
}
