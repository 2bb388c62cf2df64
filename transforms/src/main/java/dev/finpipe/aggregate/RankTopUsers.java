package dev.finpipe.aggregate;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.UserRank;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Gold {@code daily_top_users}: the top N users by total amount per UTC date and currency, ranked 1..N without gaps.
 * Equal totals (compared by value, so 50.0 equals 50.00) are ordered by user id ascending, so the ranking is
 * deterministic. A group with fewer users than N ranks them all. The input is re-windowed into the global window, so
 * a (date, currency) is ranked once; rows come out in the global window.
 *
 * <pre>{@code
 * PCollection<UserRank> top = daily.apply("RankTopUsers", RankTopUsers.top(options.getTopN()));
 * }</pre>
 */
@AutoValue
public abstract class RankTopUsers extends PTransform<PCollection<DailyUserCurrency>, PCollection<UserRank>> {
  public static final int DEFAULT_N = 10;

  abstract int getN();

  /** The top {@value #DEFAULT_N}. */
  public static RankTopUsers create() {
    return top(DEFAULT_N);
  }

  public static RankTopUsers top(int n) {
    checkArgument(n > 0, "top N must be positive, got %s", n);
    return new AutoValue_RankTopUsers(n);
  }

  @Override
  public PCollection<UserRank> expand(PCollection<DailyUserCurrency> input) {
    return input
        .apply("IntoGlobalWindow", Window.<DailyUserCurrency>into(new GlobalWindows()))
        .apply(
            "KeyByDateCurrency",
            WithKeys.of((DailyUserCurrency row) -> KV.of(row.getDate(), row.getCurrency()))
                .withKeyType(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings())))
        .apply("TopPerDateCurrency", Top.perKey(getN(), new ByTotalThenUserId()))
        .apply("NumberRanks", ParDo.of(new NumberRanksFn()));
  }

  /** Larger total first; of equal totals, the smaller user id first. */
  static final class ByTotalThenUserId implements Comparator<DailyUserCurrency>, Serializable {
    @Override
    public int compare(DailyUserCurrency a, DailyUserCurrency b) {
      int byTotal = a.getTotalAmount().compareTo(b.getTotalAmount());
      return byTotal != 0 ? byTotal : b.getUserId().compareTo(a.getUserId());
    }
  }

  /** Numbers a (date, currency)'s top list, largest first, from 1. */
  static final class NumberRanksFn extends DoFn<KV<KV<String, String>, List<DailyUserCurrency>>, UserRank> {
    @ProcessElement
    public void process(
        @Element KV<KV<String, String>, List<DailyUserCurrency>> top, OutputReceiver<UserRank> out) {
      List<DailyUserCurrency> rows = top.getValue();
      for (int i = 0; i < rows.size(); i++) {
        DailyUserCurrency row = rows.get(i);
        out.output(UserRank.of(
            row.getDate(), row.getCurrency(), i + 1, row.getUserId(), row.getTotalAmount(), row.getTxCount()));
      }
    }
  }
}
