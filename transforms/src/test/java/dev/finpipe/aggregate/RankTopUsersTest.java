package dev.finpipe.aggregate;

import static dev.finpipe.model.DailyUserCurrencyFixtures.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.UserRank;
import dev.finpipe.testing.JavaSerialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.Rule;
import org.junit.Test;

public class RankTopUsersTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /**
   * 2026-11-20 USD has five users for a top three: U-1 (50.00) and U-2 (50.0) tie by value and are ordered by user
   * id. The other groups have fewer users than N and rank them all.
   */
  @Test
  public void ranksTopNPerDateAndCurrencyWithTiesBrokenByUserId() {
    PCollection<UserRank> ranks = rank(RankTopUsers.top(3),
        daily("2026-11-20", "U-4", "USD", "10.00", 1),
        daily("2026-11-20", "U-2", "USD", "50.0", 2),
        daily("2026-11-20", "U-3", "USD", "100.00", 3),
        daily("2026-11-20", "U-5", "USD", "5.00", 1),
        daily("2026-11-20", "U-1", "USD", "50.00", 4),
        daily("2026-11-20", "U-9", "PEN", "7.00", 1),
        daily("2026-11-21", "U-3", "USD", "1.00", 1),
        daily("2026-11-21", "U-1", "USD", "2.00", 2));

    assertEquals(List.of(), JavaSerialization.stepsUnder(p, "RankTopUsers"));
    PAssert.that(ranks).containsInAnyOrder(
        UserRank.of("2026-11-20", "USD", 1, "U-3", new BigDecimal("100.00"), 3),
        UserRank.of("2026-11-20", "USD", 2, "U-1", new BigDecimal("50.00"), 4),
        UserRank.of("2026-11-20", "USD", 3, "U-2", new BigDecimal("50.0"), 2),
        UserRank.of("2026-11-20", "PEN", 1, "U-9", new BigDecimal("7.00"), 1),
        UserRank.of("2026-11-21", "USD", 1, "U-1", new BigDecimal("2.00"), 2),
        UserRank.of("2026-11-21", "USD", 2, "U-3", new BigDecimal("1.00"), 1));
    p.run();
  }

  /** Twelve users with totals 1..12: the default keeps the ten largest, ranked 1..10. */
  @Test
  public void createRanksTheTopTen() {
    List<DailyUserCurrency> rows = new ArrayList<>();
    List<UserRank> expected = new ArrayList<>();
    for (int total = 1; total <= 12; total++) {
      String userId = String.format("U-%02d", total);
      rows.add(daily("2026-11-20", userId, "EUR", total + ".00", 1));
      if (total >= 3) {
        expected.add(UserRank.of("2026-11-20", "EUR", 13 - total, userId, new BigDecimal(total + ".00"), 1));
      }
    }

    PCollection<UserRank> ranks = rank(RankTopUsers.create(), rows.toArray(new DailyUserCurrency[0]));

    PAssert.that(ranks).containsInAnyOrder(expected);
    p.run();
  }

  @Test
  public void emptyInputGivesNoRanks() {
    PAssert.that(rank(RankTopUsers.create())).empty();
    p.run();
  }

  @Test
  public void topNMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> RankTopUsers.top(0));
  }

  private PCollection<UserRank> rank(RankTopUsers rank, DailyUserCurrency... rows) {
    return p.apply(Create.of(List.of(rows)).withType(TypeDescriptor.of(DailyUserCurrency.class)))
        .apply("RankTopUsers", rank);
  }

  private static DailyUserCurrency daily(String date, String userId, String currency, String total, long count) {
    return row(date, userId, currency, count, total, total, total, total, count, 0);
  }
}
