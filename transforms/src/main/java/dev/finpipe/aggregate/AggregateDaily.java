package dev.finpipe.aggregate;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.EventDates;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
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
 * Gold {@code daily_user_currency}: per UTC event date, user and currency, the count, total, minimum, maximum and
 * average amount and the approved and declined counts.
 *
 * <p>Every status counts in the count and the total; amounts stay exact {@link BigDecimal}s (the total has the largest
 * scale among its amounts; the average is {@code total / count} at scale {@value DailyUserCurrency#AVG_SCALE}, rounded
 * half-even). The result does not depend on input order. The input is re-windowed into the global window first, so a
 * date is one row whatever windows the input came in; rows come out in the global window. A {@link Combine#perKey}
 * with an explicit accumulator coder lets runners pre-combine before the shuffle.
 *
 * <p>Incremental ({@link #mergingInto}): the statistics are mergeable (count, total, approved and declined add up,
 * minimum and maximum take the extreme; the average derives from total and count), so new transactions can be
 * aggregated alone and merged into the existing rows of the dates they touch. Given the rows aggregated from a
 * table's earlier transactions, the result equals aggregating all of them.
 *
 * <pre>{@code
 * PCollection<DailyUserCurrency> daily = silver.apply("AggregateDaily", AggregateDaily.perUserAndCurrency());
 * PCollection<DailyUserCurrency> merged =
 *     newSilver.apply("AggregateDaily", AggregateDaily.perUserAndCurrency().mergingInto(goldRowsOfTouchedDates));
 * }</pre>
 */
public final class AggregateDaily extends PTransform<PCollection<Transaction>, PCollection<DailyUserCurrency>> {
  private final @Nullable PCollection<DailyUserCurrency> existing;

  private AggregateDaily(@Nullable PCollection<DailyUserCurrency> existing) {
    this.existing = existing;
  }

  public static AggregateDaily perUserAndCurrency() {
    return new AggregateDaily(null);
  }

  /** Merges the new transactions' statistics into {@code rows}, the current rows of (at least) the dates they touch. */
  public AggregateDaily mergingInto(PCollection<DailyUserCurrency> rows) {
    return new AggregateDaily(rows);
  }

  @Override
  public PCollection<DailyUserCurrency> expand(PCollection<Transaction> input) {
    Coder<DateUserCurrency> keyCoder = ModelCoders.of(input.getPipeline(), DateUserCurrency.class);
    PCollection<KV<DateUserCurrency, DailyStats>> partials =
        input
            .apply("IntoGlobalWindow", Window.<Transaction>into(new GlobalWindows()))
            .apply("KeyByDateUserCurrency", MapElements.via(new KeyByDateUserCurrencyFn()))
            .setCoder(KvCoder.of(keyCoder, input.getCoder()))
            .apply("SumPerKey", Combine.perKey(new DailyStatsFn()));
    if (existing != null) {
      PCollection<KV<DateUserCurrency, DailyStats>> current =
          existing
              .apply("ExistingIntoGlobalWindow", Window.<DailyUserCurrency>into(new GlobalWindows()))
              .apply("StatsOfExistingRows", MapElements.via(new StatsOfRowFn()))
              .setCoder(KvCoder.of(keyCoder, DailyStatsCoder.INSTANCE));
      partials =
          PCollectionList.of(current)
              .and(partials)
              .apply("ExistingAndNew", Flatten.pCollections())
              .setCoder(KvCoder.of(keyCoder, DailyStatsCoder.INSTANCE))
              .apply("MergePerKey", Combine.perKey(new MergeStatsFn()));
    }
    return partials.apply("ToRows", MapElements.via(new ToRowFn()));
  }

  /** The grouping key: UTC event date, user and currency. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class DateUserCurrency {
    public abstract String getDate();

    public abstract String getUserId();

    public abstract String getCurrency();

    static DateUserCurrency of(Transaction tx) {
      return new AutoValue_AggregateDaily_DateUserCurrency(
          EventDates.utcDate(tx.getEventTime()), tx.getUserId(), tx.getCurrency());
    }

    static DateUserCurrency of(DailyUserCurrency row) {
      return new AutoValue_AggregateDaily_DateUserCurrency(row.getDate(), row.getUserId(), row.getCurrency());
    }
  }

  /** An existing gold row as the statistics it was made from, under its key. */
  static final class StatsOfRowFn extends SimpleFunction<DailyUserCurrency, KV<DateUserCurrency, DailyStats>> {
    @Override
    public KV<DateUserCurrency, DailyStats> apply(DailyUserCurrency row) {
      DailyStats stats = new DailyStats();
      stats.count = row.getTxCount();
      stats.total = row.getTotalAmount();
      stats.min = row.getMinAmount();
      stats.max = row.getMaxAmount();
      stats.approved = row.getApprovedCount();
      stats.declined = row.getDeclinedCount();
      return KV.of(DateUserCurrency.of(row), stats);
    }
  }

  /** Merges statistics of one key: a row's and the new transactions'. */
  static final class MergeStatsFn extends Combine.BinaryCombineFn<DailyStats> {
    @Override
    public DailyStats apply(DailyStats left, DailyStats right) {
      DailyStats merged = new DailyStats();
      merged.merge(left);
      merged.merge(right);
      return merged;
    }
  }

  /** Keys each transaction by its UTC event date, user and currency. */
  static final class KeyByDateUserCurrencyFn extends SimpleFunction<Transaction, KV<DateUserCurrency, Transaction>> {
    @Override
    public KV<DateUserCurrency, Transaction> apply(Transaction tx) {
      return KV.of(DateUserCurrency.of(tx), tx);
    }
  }

  /** Adds transactions into {@link DailyStats}; the accumulator is also the output. */
  static final class DailyStatsFn extends Combine.CombineFn<Transaction, DailyStats, DailyStats> {
    @Override
    public DailyStats createAccumulator() {
      return new DailyStats();
    }

    @Override
    public DailyStats addInput(DailyStats stats, Transaction tx) {
      return stats.add(tx);
    }

    @Override
    public DailyStats mergeAccumulators(Iterable<DailyStats> accumulators) {
      DailyStats merged = new DailyStats();
      for (DailyStats stats : accumulators) {
        merged.merge(stats);
      }
      return merged;
    }

    @Override
    public DailyStats extractOutput(DailyStats stats) {
      return stats;
    }

    @Override
    public Coder<DailyStats> getAccumulatorCoder(CoderRegistry registry, Coder<Transaction> inputCoder) {
      return DailyStatsCoder.INSTANCE;
    }

    @Override
    public Coder<DailyStats> getDefaultOutputCoder(CoderRegistry registry, Coder<Transaction> inputCoder) {
      return DailyStatsCoder.INSTANCE;
    }
  }

  /** Turns a key and its statistics into a gold row. */
  static final class ToRowFn extends SimpleFunction<KV<DateUserCurrency, DailyStats>, DailyUserCurrency> {
    @Override
    public DailyUserCurrency apply(KV<DateUserCurrency, DailyStats> keyed) {
      DateUserCurrency key = keyed.getKey();
      DailyStats stats = keyed.getValue();
      return DailyUserCurrency.builder()
          .setDate(key.getDate())
          .setUserId(key.getUserId())
          .setCurrency(key.getCurrency())
          .setTxCount(stats.count)
          .setTotalAmount(stats.total)
          .setMinAmount(stats.min)
          .setMaxAmount(stats.max)
          .setAvgAmount(
              stats.total.divide(BigDecimal.valueOf(stats.count), DailyUserCurrency.AVG_SCALE, RoundingMode.HALF_EVEN))
          .setApprovedCount(stats.approved)
          .setDeclinedCount(stats.declined)
          .build();
    }
  }

  /**
   * Running statistics of one key's transactions. The result is the same in any order: sums of decimals are exact,
   * and of two equal extremes written at different scales (1.0, 1.00) the one with more digits is kept.
   */
  static final class DailyStats {
    long count;
    BigDecimal total = BigDecimal.ZERO;
    @Nullable BigDecimal min;
    @Nullable BigDecimal max;
    long approved;
    long declined;

    DailyStats add(Transaction tx) {
      return add(tx.getAmount(), tx.getStatus());
    }

    /** Adds one transaction of {@code amount} and {@code status}. */
    DailyStats add(BigDecimal amount, String status) {
      count++;
      total = total.add(amount);
      min = smaller(min, amount);
      max = larger(max, amount);
      approved += "APPROVED".equals(status) ? 1 : 0;
      declined += "DECLINED".equals(status) ? 1 : 0;
      return this;
    }

    void merge(DailyStats other) {
      count += other.count;
      total = total.add(other.total);
      min = other.min == null ? min : smaller(min, other.min);
      max = other.max == null ? max : larger(max, other.max);
      approved += other.approved;
      declined += other.declined;
    }

    private static BigDecimal smaller(@Nullable BigDecimal current, BigDecimal candidate) {
      return extreme(current, candidate, -1);
    }

    private static BigDecimal larger(@Nullable BigDecimal current, BigDecimal candidate) {
      return extreme(current, candidate, 1);
    }

    /** The extreme of the two towards {@code sign} (-1 smallest, 1 largest); of equal values, the one with more digits. */
    private static BigDecimal extreme(@Nullable BigDecimal current, BigDecimal candidate, int sign) {
      if (current == null) {
        return candidate;
      }
      int byValue = Integer.signum(candidate.compareTo(current));
      return byValue == sign || (byValue == 0 && candidate.scale() > current.scale()) ? candidate : current;
    }
  }

  /** Coder for {@link DailyStats}: counts as var-longs, decimals with their scale. */
  static final class DailyStatsCoder extends CustomCoder<DailyStats> {
    static final DailyStatsCoder INSTANCE = new DailyStatsCoder();
    private static final Coder<Long> LONG = VarLongCoder.of();
    private static final Coder<BigDecimal> DECIMAL = BigDecimalCoder.of();
    private static final Coder<@Nullable BigDecimal> OPTIONAL_DECIMAL = NullableCoder.of(BigDecimalCoder.of());

    @Override
    public void encode(DailyStats stats, OutputStream out) throws IOException {
      LONG.encode(stats.count, out);
      DECIMAL.encode(stats.total, out);
      OPTIONAL_DECIMAL.encode(stats.min, out);
      OPTIONAL_DECIMAL.encode(stats.max, out);
      LONG.encode(stats.approved, out);
      LONG.encode(stats.declined, out);
    }

    @Override
    public DailyStats decode(InputStream in) throws IOException {
      DailyStats stats = new DailyStats();
      stats.count = LONG.decode(in);
      stats.total = DECIMAL.decode(in);
      stats.min = OPTIONAL_DECIMAL.decode(in);
      stats.max = OPTIONAL_DECIMAL.decode(in);
      stats.approved = LONG.decode(in);
      stats.declined = LONG.decode(in);
      return stats;
    }
  }
}
