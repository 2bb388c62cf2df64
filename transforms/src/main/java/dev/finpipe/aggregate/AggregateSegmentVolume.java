package dev.finpipe.aggregate;

import com.google.auto.value.AutoValue;
import dev.finpipe.aggregate.AggregateDaily.DailyStats;
import dev.finpipe.aggregate.AggregateDaily.DailyStatsCoder;
import dev.finpipe.aggregate.AggregateDaily.MergeStatsFn;
import dev.finpipe.model.DailySegmentVolume;
import dev.finpipe.model.EnrichedTransaction;
import dev.finpipe.model.EventDates;
import dev.finpipe.model.ModelCoders;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Gold {@code daily_segment_volume}: per UTC event date, segment, account type and currency of enriched
 * transactions ({@link EnrichPointInTime}), the count, exact total and approved and declined counts, with
 * {@link AggregateDaily}'s statistics (so totals have the same scale rules). The input is re-windowed into the global
 * window; rows come out in it.
 *
 * <p>Incremental ({@link #mergingInto}): every measure adds up, so a batch's aggregates merged into the existing rows
 * of the dates it touches equal aggregating all the transactions (as enriched when each was aggregated).
 */
public final class AggregateSegmentVolume
    extends PTransform<PCollection<EnrichedTransaction>, PCollection<DailySegmentVolume>> {
  private final @Nullable PCollection<DailySegmentVolume> existing;

  private AggregateSegmentVolume(@Nullable PCollection<DailySegmentVolume> existing) {
    this.existing = existing;
  }

  public static AggregateSegmentVolume perSegmentAndAccountType() {
    return new AggregateSegmentVolume(null);
  }

  /** Merges the batch's aggregates into {@code rows}, the current rows of (at least) the dates it touches. */
  public AggregateSegmentVolume mergingInto(PCollection<DailySegmentVolume> rows) {
    return new AggregateSegmentVolume(rows);
  }

  @Override
  public PCollection<DailySegmentVolume> expand(PCollection<EnrichedTransaction> input) {
    Coder<KV<SegmentKey, DailyStats>> kvCoder =
        KvCoder.of(ModelCoders.of(input.getPipeline(), SegmentKey.class), DailyStatsCoder.INSTANCE);
    PCollection<KV<SegmentKey, DailyStats>> stats =
        input
            .apply("IntoGlobalWindow", Window.<EnrichedTransaction>into(new GlobalWindows()))
            .apply("StatsOfTransaction", MapElements.via(new StatsOfTransactionFn()))
            .setCoder(kvCoder);
    if (existing != null) {
      PCollection<KV<SegmentKey, DailyStats>> current =
          existing
              .apply("ExistingIntoGlobalWindow", Window.<DailySegmentVolume>into(new GlobalWindows()))
              .apply("StatsOfExistingRows", MapElements.via(new StatsOfRowFn()))
              .setCoder(kvCoder);
      stats = PCollectionList.of(current).and(stats).apply("ExistingAndNew", Flatten.pCollections()).setCoder(kvCoder);
    }
    return stats
        .apply("SumPerKey", Combine.perKey(new MergeStatsFn()))
        .apply("ToRows", MapElements.via(new ToRowFn()))
        .setCoder(ModelCoders.of(input.getPipeline(), DailySegmentVolume.class));
  }

  /** The grouping key: UTC event date, segment, account type and currency. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class SegmentKey {
    public abstract String getDate();

    public abstract String getSegment();

    public abstract String getAccountType();

    public abstract String getCurrency();

    static SegmentKey of(String date, String segment, String accountType, String currency) {
      return new AutoValue_AggregateSegmentVolume_SegmentKey(date, segment, accountType, currency);
    }
  }

  /** One transaction as the statistics of one, under its key. */
  static final class StatsOfTransactionFn extends SimpleFunction<EnrichedTransaction, KV<SegmentKey, DailyStats>> {
    @Override
    public KV<SegmentKey, DailyStats> apply(EnrichedTransaction tx) {
      String segment = tx.getSegment() == null ? EnrichedTransaction.UNKNOWN : tx.getSegment();
      return KV.of(SegmentKey.of(EventDates.utcDate(tx.getEventTime()), segment, tx.getAccountType(), tx.getCurrency()),
          new DailyStats().add(tx.getAmount(), tx.getStatus()));
    }
  }

  /** An existing gold row as the statistics it was made from (no extremes: this table keeps none). */
  static final class StatsOfRowFn extends SimpleFunction<DailySegmentVolume, KV<SegmentKey, DailyStats>> {
    @Override
    public KV<SegmentKey, DailyStats> apply(DailySegmentVolume row) {
      DailyStats stats = new DailyStats();
      stats.count = row.getTxCount();
      stats.total = row.getTotalAmount();
      stats.approved = row.getApprovedCount();
      stats.declined = row.getDeclinedCount();
      return KV.of(SegmentKey.of(row.getDate(), row.getSegment(), row.getAccountType(), row.getCurrency()), stats);
    }
  }

  /** A key and its statistics as a gold row. */
  static final class ToRowFn extends SimpleFunction<KV<SegmentKey, DailyStats>, DailySegmentVolume> {
    @Override
    public DailySegmentVolume apply(KV<SegmentKey, DailyStats> keyed) {
      SegmentKey key = keyed.getKey();
      DailyStats stats = keyed.getValue();
      return DailySegmentVolume.builder()
          .setDate(key.getDate())
          .setSegment(key.getSegment())
          .setAccountType(key.getAccountType())
          .setCurrency(key.getCurrency())
          .setTxCount(stats.count)
          .setTotalAmount(stats.total)
          .setApprovedCount(stats.approved)
          .setDeclinedCount(stats.declined)
          .build();
    }
  }
}
