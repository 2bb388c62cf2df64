package dev.finpipe.dedupe;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.RecordKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Keeps one record per {@linkplain DomainRecord#dedupeId() dedupe id} (for transactions, the transaction id) per
 * event-time window, without state or timers (so it runs the same on the
 * SparkRunner, which has neither in streaming, and on the DirectRunner).
 *
 * <p>Each element is stamped with its event time and placed in {@code FixedWindows.of(window)} with the allowed
 * lateness; incoming records and the ids {@linkplain #withAlreadyCommitted already committed} to silver are grouped
 * together by (window, id) in one {@link CoGroupByKey}, a single shuffle. In the first pane of a (window, id):
 *
 * <ul>
 *   <li>if the id is not committed yet, the smallest copy by event time, then ingestion time, then source
 *       coordinates, then payload is kept, whatever the order the copies arrived in; the others are duplicates;
 *   <li>if it is committed already, every copy is a duplicate, so feeding the same events twice adds nothing.
 * </ul>
 *
 * Panes are discarding, so a later (late) pane of the same (window, id) holds only copies that arrived after the
 * first pane fired: they are all duplicates of what was already emitted. In a bounded run everything is one pane.
 *
 * <p>Input timestamps must not be later than event times: bounded reads (timestamps at the minimum) and sources
 * already timestamped by event time (TestStream, Kafka with an event-time policy) qualify; a source stamped by
 * processing time fails loudly rather than mis-windowing. Events older than the silver watermark must go through
 * {@link RouteLateEvents} first, or a closed window would drop them.
 *
 * <p>Both outputs carry each record's event time as its timestamp and stay in their dedupe window (pane information
 * kept). Writers that partition by event date and {@code AggregateDaily} re-window into the global window and read
 * the date from the event time; a streaming consumer that groups in event-time windows again needs an allowed
 * lateness of at least the dedupe window, since a record is stamped back from its window's end to its event time.
 *
 * <pre>{@code
 * DedupeRecords.Result<Transaction> deduped = onTime.apply("DedupeRecords",
 *     DedupeRecords.<Transaction>withinWindow(Duration.standardDays(1))
 *         .withAllowedLateness(Duration.standardDays(2))
 *         .withAlreadyCommitted(committedKeys));
 * deduped.output();      // one record per id per window
 * deduped.duplicates();  // every dropped copy, for the run's books
 * }</pre>
 *
 * <p>Counter (namespace {@code DedupeRecords}): {@code duplicates}.
 */
@AutoValue
public abstract class DedupeRecords<T extends DomainRecord> extends PTransform<PCollection<T>, DedupeRecords.Result<T>> {
  public static final Duration DEFAULT_WINDOW = Duration.standardDays(1);
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.standardDays(2);

  // Tags are equal by id, so each use builds its own, typed for the records at hand.
  private static final String KEPT = "kept";
  private static final String DUPLICATES = "duplicates";
  private static final String INCOMING = "incoming";
  private static final TupleTag<RecordKey> COMMITTED = new TupleTag<RecordKey>("committed") {};


  abstract Duration getWindow();

  abstract Duration getAllowedLateness();

  abstract @Nullable PCollection<RecordKey> getAlreadyCommitted();

  abstract Builder<T> toBuilder();

  /** One-day windows, two days of allowed lateness. */
  public static <T extends DomainRecord> DedupeRecords<T> create() {
    return withinWindow(DEFAULT_WINDOW);
  }

  /** Windows of {@code window} (aligned to the epoch, so one day is one UTC date), two days of allowed lateness. */
  public static <T extends DomainRecord> DedupeRecords<T> withinWindow(Duration window) {
    return new AutoValue_DedupeRecords.Builder<T>()
        .setWindow(window)
        .setAllowedLateness(DEFAULT_ALLOWED_LATENESS)
        .build();
  }

  /** How long after a window's end a late copy is still grouped (and found to be a duplicate) rather than dropped. */
  public DedupeRecords<T> withAllowedLateness(Duration allowedLateness) {
    return toBuilder().setAllowedLateness(allowedLateness).build();
  }

  /**
   * Ids already in silver: an incoming record whose (window, id) is among them is a duplicate. Pass the keys of the
   * windows the run can touch (event time at or after the lateness cutoff's window start).
   */
  public DedupeRecords<T> withAlreadyCommitted(PCollection<RecordKey> committed) {
    return toBuilder().setAlreadyCommitted(committed).build();
  }

  @Override
  public Result<T> expand(PCollection<T> input) {
    PCollection<KV<String, T>> incoming = input.apply(
        "WindowAndKeyIncoming", windowAndKey(DomainRecord::getEventTime, DomainRecord::dedupeId));
    PCollection<KV<String, RecordKey>> committed = committed(input.getPipeline()).apply(
        "WindowAndKeyCommitted", windowAndKey(RecordKey::getEventTime, RecordKey::getId));
    TupleTag<KV<String, TimestampedValue<T>>> keep = new TupleTag<>(KEPT);
    TupleTag<KV<String, TimestampedValue<T>>> drop = new TupleTag<>(DUPLICATES);
    PCollectionTuple split = KeyedPCollectionTuple.of(new TupleTag<T>(INCOMING), incoming)
        .and(COMMITTED, committed)
        .apply("GroupByWindowAndId", CoGroupByKey.create())
        .apply("KeepOnePerId", ParDo.of(new KeepOnePerIdFn<T>()).withOutputTags(keep, TupleTagList.of(drop)));
    Coder<KV<String, TimestampedValue<T>>> stamped =
        KvCoder.of(StringUtf8Coder.of(), TimestampedValue.TimestampedValueCoder.of(input.getCoder()));
    return Result.of(
        split.get(keep).setCoder(stamped).apply("StampKeptAtEventTime", new StampAtEventTime<>(input.getCoder())),
        split.get(drop).setCoder(stamped).apply("StampDuplicatesAtEventTime", new StampAtEventTime<>(input.getCoder())));
  }

  @Override
  public Map<TupleTag<?>, PValue> getAdditionalInputs() {
    PCollection<RecordKey> committed = getAlreadyCommitted();
    return committed == null ? Map.of() : Map.of(COMMITTED, committed);
  }

  private PCollection<RecordKey> committed(Pipeline pipeline) {
    PCollection<RecordKey> committed = getAlreadyCommitted();
    return committed != null ? committed : pipeline.apply("NoneCommitted", Create.empty(TypeDescriptor.of(RecordKey.class)));
  }

  private <V> WindowAndKeyById<V> windowAndKey(
      SerializableFunction<V, Instant> eventTime, SerializableFunction<V, String> id) {
    return new WindowAndKeyById<>(getWindow(), getAllowedLateness(), eventTime, id);
  }

  @AutoValue.Builder
  abstract static class Builder<T extends DomainRecord> {
    abstract Builder<T> setWindow(Duration window);

    abstract Builder<T> setAllowedLateness(Duration allowedLateness);

    abstract Builder<T> setAlreadyCommitted(@Nullable PCollection<RecordKey> committed);

    abstract DedupeRecords<T> build();
  }

  /**
   * Stamps each element with its event time, places it in the dedupe windows and keys it by dedupe id. Used
   * alike for incoming records and committed keys, so both sides of the grouping share one windowing strategy.
   */
  static final class WindowAndKeyById<V> extends PTransform<PCollection<V>, PCollection<KV<String, V>>> {
    private final Duration window;
    private final Duration allowedLateness;
    private final SerializableFunction<V, Instant> eventTime;
    private final SerializableFunction<V, String> id;

    WindowAndKeyById(
        Duration window,
        Duration allowedLateness,
        SerializableFunction<V, Instant> eventTime,
        SerializableFunction<V, String> id) {
      this.window = window;
      this.allowedLateness = allowedLateness;
      this.eventTime = eventTime;
      this.id = id;
    }

    @Override
    public PCollection<KV<String, V>> expand(PCollection<V> input) {
      return input
          .apply("StampEventTime", WithTimestamps.of(eventTime))
          .apply(
              "FixedEventTimeWindows",
              Window.<V>into(FixedWindows.of(window))
                  .triggering(DefaultTrigger.of())
                  .withAllowedLateness(allowedLateness)
                  .discardingFiredPanes())
          .apply("KeyById", WithKeys.of(id).withKeyType(TypeDescriptors.strings()));
    }
  }

  /**
   * Keeps the smallest copy of an id in the first pane of its window unless the id is committed already; every other
   * copy is a duplicate. Values carry their event time, to be restored as the element timestamp.
   */
  static final class KeepOnePerIdFn<T extends DomainRecord>
      extends DoFn<KV<String, CoGbkResult>, KV<String, TimestampedValue<T>>> {
    private final Counter duplicates = Metrics.counter(DedupeRecords.class, "duplicates");
    private final TupleTag<T> incoming = new TupleTag<>(INCOMING);
    private final TupleTag<KV<String, TimestampedValue<T>>> keep = new TupleTag<>(KEPT);
    private final TupleTag<KV<String, TimestampedValue<T>>> drop = new TupleTag<>(DUPLICATES);

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, PaneInfo pane, MultiOutputReceiver out) {
      List<T> copies = new ArrayList<>();
      group.getValue().getAll(incoming).forEach(copies::add);
      copies.sort(DomainRecord.KEEP_ORDER);
      boolean firstSighting = pane.isFirst() && !group.getValue().getAll(COMMITTED).iterator().hasNext();
      for (int i = 0; i < copies.size(); i++) {
        T copy = copies.get(i);
        KV<String, TimestampedValue<T>> stamped = KV.of(group.getKey(), TimestampedValue.of(copy, copy.getEventTime()));
        if (i == 0 && firstSighting) {
          out.get(keep).output(stamped);
        } else {
          duplicates.inc();
          out.get(drop).output(stamped);
        }
      }
    }
  }

  /**
   * Restores each record's event time as its timestamp after the grouping (which stamps the end of the window), with
   * Beam's {@link Reify#extractTimestampsFromValues()}; windows and panes are kept. The output keeps the input's
   * coder.
   */
  static final class StampAtEventTime<T> extends PTransform<PCollection<KV<String, TimestampedValue<T>>>, PCollection<T>> {
    private final Coder<T> coder;

    StampAtEventTime(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    public PCollection<T> expand(PCollection<KV<String, TimestampedValue<T>>> input) {
      return input
          .apply("ExtractEventTime", Reify.extractTimestampsFromValues())
          .apply("DropIds", Values.create())
          .setCoder(coder);
    }
  }

  /** The two outputs of {@link DedupeRecords}: the records kept and the copies dropped as duplicates. */
  public static final class Result<T> implements PInput, POutput {
    private final PCollection<T> output;
    private final PCollection<T> duplicates;

    private Result(PCollection<T> output, PCollection<T> duplicates) {
      this.output = output;
      this.duplicates = duplicates;
    }

    static <T> Result<T> of(PCollection<T> output, PCollection<T> duplicates) {
      return new Result<>(output, duplicates);
    }

    /** One record per dedupe id per window, at its event time, in its dedupe window. */
    public PCollection<T> output() {
      return output;
    }

    /** Every copy not kept (including copies of ids already committed), at its event time, in its dedupe window. */
    public PCollection<T> duplicates() {
      return duplicates;
    }

    @Override
    public Pipeline getPipeline() {
      return output.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(new TupleTag<T>(KEPT), output, new TupleTag<T>(DUPLICATES), duplicates);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
