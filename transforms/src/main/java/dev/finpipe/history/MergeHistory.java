package dev.finpipe.history;

import com.google.auto.value.AutoValue;
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
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Merges a batch of change records into the stored versions of the keys it may touch, with the SCD type 2 semantics
 * of the {@linkplain dev.finpipe.history package documentation} ({@link HistoryRules#merge} per key).
 *
 * <p>Incoming changes and stored versions are grouped by entity key in one {@link CoGroupByKey}, without state or
 * timers, so it runs the same on the SparkRunner and the DirectRunner. Both inputs must share their windowing (a
 * batch: the global window). Versions are encoded with {@link VersionCoder} over the input's coder (give the input
 * its model coder, {@link dev.finpipe.model.ModelCoders}); the stored collection must use the same.
 *
 * <pre>{@code
 * MergeHistory.Result<Customer> merged = changes.apply("MergeCustomerHistory",
 *     MergeHistory.byKey(Customer::getCustomerId)
 *         .withUpdatedAt(Customer::getUpdatedAt)
 *         .withIsDelete(Customer::isDelete)
 *         .withKeepOrder(Customer.KEEP_ORDER)
 *         .withStored(storedVersionsOfTouchedKeys));
 * merged.changed();     // the whole new history of every key whose versions changed
 * merged.unchanged();   // the stored versions of keys read but not changed, to carry over into rewritten files
 * merged.duplicates();  // incoming changes not kept
 * }</pre>
 *
 * <p>Counters (namespace {@code MergeHistory}): {@value #VERSIONS_OPENED}, {@value #VERSIONS_CLOSED},
 * {@value #DUPLICATE_CHANGES}, {@value #DELETES_WITHOUT_VERSION}, {@value #KEYS_CHANGED}, as counted by
 * {@link HistoryRules.Merge}.
 *
 * @param <T> the domain's change record
 */
@AutoValue
public abstract class MergeHistory<T> extends PTransform<PCollection<T>, MergeHistory.Result<T>> {
  public static final String VERSIONS_OPENED = "versions_opened";
  public static final String VERSIONS_CLOSED = "versions_closed";
  public static final String DUPLICATE_CHANGES = "duplicate_changes";
  public static final String DELETES_WITHOUT_VERSION = "deletes_without_version";
  public static final String KEYS_CHANGED = "keys_changed";

  /** Names the stored versions among the transform's additional inputs. */
  private static final TupleTag<Object> STORED_INPUT = new TupleTag<>("stored");

  abstract SerializableFunction<T, String> getKey();

  abstract @Nullable SerializableFunction<T, Instant> getUpdatedAt();

  abstract @Nullable SerializableFunction<T, Boolean> getIsDelete();

  abstract @Nullable SerializableComparator<T> getKeepOrder();

  abstract @Nullable PCollection<Version<T>> getStored();

  abstract Builder<T> toBuilder();

  /**
   * Merges changes of entities identified by {@code key}. {@link #withUpdatedAt}, {@link #withIsDelete} and
   * {@link #withKeepOrder} are required; without {@link #withStored} every key starts with no versions.
   */
  public static <T> MergeHistory<T> byKey(SerializableFunction<T, String> key) {
    return new AutoValue_MergeHistory.Builder<T>().setKey(key).build();
  }

  /** The instant a change took effect: orders a key's history; equal instants are duplicates. */
  public MergeHistory<T> withUpdatedAt(SerializableFunction<T, Instant> updatedAt) {
    return toBuilder().setUpdatedAt(updatedAt).build();
  }

  /** True for a DELETE change, false for an UPSERT. */
  public MergeHistory<T> withIsDelete(SerializableFunction<T, Boolean> isDelete) {
    return toBuilder().setIsDelete(isDelete).build();
  }

  /** A total order over records; the smallest of incoming copies at one {@code updated_at} is kept. */
  public MergeHistory<T> withKeepOrder(SerializableComparator<T> keepOrder) {
    return toBuilder().setKeepOrder(keepOrder).build();
  }

  /**
   * The stored versions of (at least) every key the batch touches. Other keys may be included: they come out in
   * {@link Result#unchanged()}. A key the batch touches whose versions are missing here is merged as new.
   */
  public MergeHistory<T> withStored(PCollection<Version<T>> stored) {
    return toBuilder().setStored(stored).build();
  }

  @Override
  public Result<T> expand(PCollection<T> input) {
    HistoryRules<T> rules = rules();
    VersionCoder<T> versionCoder = VersionCoder.of(input.getCoder());
    // Tags are made here, not static, because they carry the element type T.
    TupleTag<T> incomingTag = new TupleTag<>("incoming");
    TupleTag<Version<T>> storedTag = new TupleTag<>("stored");
    TupleTag<Version<T>> changedTag = new TupleTag<>("changed");
    TupleTag<Version<T>> unchangedTag = new TupleTag<>("unchanged");
    TupleTag<T> duplicatesTag = new TupleTag<>("duplicates");

    PCollection<KV<String, T>> incoming = input
        .apply("KeyIncoming", WithKeys.of(rules::keyOf).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), input.getCoder()));
    PCollection<KV<String, Version<T>>> stored = stored(input.getPipeline(), versionCoder)
        .apply("KeyStored", WithKeys.of(new KeyOfVersion<>(rules)).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), versionCoder));
    PCollectionTuple merged = KeyedPCollectionTuple.of(incomingTag, incoming)
        .and(storedTag, stored)
        .apply("GroupByKey", CoGroupByKey.create())
        .apply("MergeEachKey", ParDo.of(
                new MergeKeyFn<>(rules, incomingTag, storedTag, changedTag, unchangedTag, duplicatesTag))
            .withOutputTags(changedTag, TupleTagList.of(unchangedTag).and(duplicatesTag)));
    return new Result<>(
        changedTag, merged.get(changedTag).setCoder(versionCoder),
        unchangedTag, merged.get(unchangedTag).setCoder(versionCoder),
        duplicatesTag, merged.get(duplicatesTag).setCoder(input.getCoder()));
  }

  @Override
  public Map<TupleTag<?>, PValue> getAdditionalInputs() {
    PCollection<Version<T>> stored = getStored();
    return stored == null ? Map.of() : Map.of(STORED_INPUT, stored);
  }

  private HistoryRules<T> rules() {
    SerializableFunction<T, Instant> updatedAt = getUpdatedAt();
    SerializableFunction<T, Boolean> isDelete = getIsDelete();
    SerializableComparator<T> keepOrder = getKeepOrder();
    if (updatedAt == null || isDelete == null || keepOrder == null) {
      throw new IllegalStateException("MergeHistory needs withUpdatedAt(...), withIsDelete(...) and withKeepOrder(...)"
          + "; missing:" + (updatedAt == null ? " withUpdatedAt" : "") + (isDelete == null ? " withIsDelete" : "")
          + (keepOrder == null ? " withKeepOrder" : ""));
    }
    return HistoryRules.of(getKey(), updatedAt, isDelete, keepOrder);
  }

  private PCollection<Version<T>> stored(Pipeline pipeline, Coder<Version<T>> coder) {
    PCollection<Version<T>> stored = getStored();
    return stored != null ? stored : pipeline.apply("NoneStored", Create.empty(coder));
  }

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setKey(SerializableFunction<T, String> key);

    abstract Builder<T> setUpdatedAt(SerializableFunction<T, Instant> updatedAt);

    abstract Builder<T> setIsDelete(SerializableFunction<T, Boolean> isDelete);

    abstract Builder<T> setKeepOrder(SerializableComparator<T> keepOrder);

    abstract Builder<T> setStored(PCollection<Version<T>> stored);

    abstract MergeHistory<T> build();
  }

  /** The entity key of a stored version's record. */
  static final class KeyOfVersion<T> implements SerializableFunction<Version<T>, String> {
    private final HistoryRules<T> rules;

    KeyOfVersion(HistoryRules<T> rules) {
      this.rules = rules;
    }

    @Override
    public String apply(Version<T> version) {
      return rules.keyOf(version.getRecord());
    }
  }

  /** Merges one key's incoming changes into its stored versions and routes the outcome. */
  static final class MergeKeyFn<T> extends DoFn<KV<String, CoGbkResult>, Version<T>> {
    private final Counter versionsOpened = Metrics.counter(MergeHistory.class, VERSIONS_OPENED);
    private final Counter versionsClosed = Metrics.counter(MergeHistory.class, VERSIONS_CLOSED);
    private final Counter duplicateChanges = Metrics.counter(MergeHistory.class, DUPLICATE_CHANGES);
    private final Counter deletesWithoutVersion = Metrics.counter(MergeHistory.class, DELETES_WITHOUT_VERSION);
    private final Counter keysChanged = Metrics.counter(MergeHistory.class, KEYS_CHANGED);
    private final HistoryRules<T> rules;
    private final TupleTag<T> incomingTag;
    private final TupleTag<Version<T>> storedTag;
    private final TupleTag<Version<T>> changedTag;
    private final TupleTag<Version<T>> unchangedTag;
    private final TupleTag<T> duplicatesTag;

    MergeKeyFn(
        HistoryRules<T> rules,
        TupleTag<T> incomingTag,
        TupleTag<Version<T>> storedTag,
        TupleTag<Version<T>> changedTag,
        TupleTag<Version<T>> unchangedTag,
        TupleTag<T> duplicatesTag) {
      this.rules = rules;
      this.incomingTag = incomingTag;
      this.storedTag = storedTag;
      this.changedTag = changedTag;
      this.unchangedTag = unchangedTag;
      this.duplicatesTag = duplicatesTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      HistoryRules.Merge<T> merge =
          rules.merge(group.getValue().getAll(storedTag), group.getValue().getAll(incomingTag));
      merge.changed().forEach(out.get(changedTag)::output);
      merge.unchanged().forEach(out.get(unchangedTag)::output);
      merge.duplicates().forEach(out.get(duplicatesTag)::output);
      versionsOpened.inc(merge.versionsOpened());
      versionsClosed.inc(merge.versionsClosed());
      duplicateChanges.inc(merge.duplicates().size());
      deletesWithoutVersion.inc(merge.deletesWithoutVersion());
      keysChanged.inc(merge.changedKeys().size());
    }
  }

  /**
   * The outputs of {@link MergeHistory}, each encoded with the input's coder (versions with {@link VersionCoder}).
   *
   * @param <T> the domain's change record
   */
  public static final class Result<T> implements PInput, POutput {
    private final TupleTag<Version<T>> changedTag;
    private final PCollection<Version<T>> changed;
    private final TupleTag<Version<T>> unchangedTag;
    private final PCollection<Version<T>> unchanged;
    private final TupleTag<T> duplicatesTag;
    private final PCollection<T> duplicates;

    private Result(
        TupleTag<Version<T>> changedTag,
        PCollection<Version<T>> changed,
        TupleTag<Version<T>> unchangedTag,
        PCollection<Version<T>> unchanged,
        TupleTag<T> duplicatesTag,
        PCollection<T> duplicates) {
      this.changedTag = changedTag;
      this.changed = changed;
      this.unchangedTag = unchangedTag;
      this.unchanged = unchanged;
      this.duplicatesTag = duplicatesTag;
      this.duplicates = duplicates;
    }

    /** Every version of each key whose versions changed (its whole new history, to replace the stored one). */
    public PCollection<Version<T>> changed() {
      return changed;
    }

    /** The stored versions of keys read whose versions did not change, for a stage to carry over unchanged. */
    public PCollection<Version<T>> unchanged() {
      return unchanged;
    }

    /** The incoming changes not kept: copies of a stored change or of a kept incoming change. */
    public PCollection<T> duplicates() {
      return duplicates;
    }

    @Override
    public Pipeline getPipeline() {
      return changed.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(changedTag, changed, unchangedTag, unchanged, duplicatesTag, duplicates);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
