package dev.finpipe.aggregate;

import static dev.finpipe.model.DailyUserCurrencyFixtures.row;
import static dev.finpipe.model.TransactionFixtures.tx;
import static org.junit.Assert.assertEquals;

import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.JavaSerialization;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

public class AggregateDailyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void decimalsAreSummedExactly() {
    PCollection<DailyUserCurrency> daily = aggregate(
        tx("T-1", "U-1", "0.10", "USD", "APPROVED", "2026-11-20T10:00:00Z"),
        tx("T-2", "U-1", "0.20", "USD", "APPROVED", "2026-11-20T11:00:00Z"));

    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-1", "USD", 2, "0.30", "0.10", "0.20", "0.150000", 2, 0));
    p.run();
  }

  @Test
  public void everyStatusCountsInTotalsAndOnlyApprovedAndDeclinedHaveTheirOwnCounts() {
    PCollection<DailyUserCurrency> daily = aggregate(
        tx("T-1", "U-2", "10.00", "PEN", "APPROVED", "2026-11-20T10:00:00Z"),
        tx("T-2", "U-2", "20.00", "PEN", "DECLINED", "2026-11-20T11:00:00Z"),
        tx("T-3", "U-2", "30.00", "PEN", "PENDING", "2026-11-20T12:00:00Z"),
        tx("T-4", "U-2", "40.00", "PEN", "REVERSED", "2026-11-20T13:00:00Z"));

    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-2", "PEN", 4, "100.00", "10.00", "40.00", "25.000000", 1, 1));
    p.run();
  }

  /**
   * KWD has three decimals: sixteen amounts totalling 0.017 average 0.0010625, which half-even rounds down to
   * 0.001062 (half-up would give 0.001063). JPY has none: 301 / 3 = 100.333333.
   */
  @Test
  public void averageIsRoundedHalfEvenAtScaleSix() {
    List<Transaction> kwd = new ArrayList<>();
    for (int i = 1; i <= 15; i++) {
      kwd.add(tx("T-K" + i, "U-3", "0.001", "KWD", "APPROVED", "2026-11-20T10:00:00Z"));
    }
    kwd.add(tx("T-K16", "U-3", "0.002", "KWD", "APPROVED", "2026-11-20T10:00:00Z"));
    List<Transaction> all = new ArrayList<>(kwd);
    all.add(tx("T-J1", "U-3", "100", "JPY", "APPROVED", "2026-11-20T10:00:00Z"));
    all.add(tx("T-J2", "U-3", "101", "JPY", "DECLINED", "2026-11-20T11:00:00Z"));
    all.add(tx("T-J3", "U-3", "100", "JPY", "APPROVED", "2026-11-20T12:00:00Z"));

    PCollection<DailyUserCurrency> daily = aggregate(all);

    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-3", "KWD", 16, "0.017", "0.001", "0.002", "0.001062", 16, 0),
        row("2026-11-20", "U-3", "JPY", 3, "301", "100", "101", "100.333333", 2, 1));
    p.run();
  }

  @Test
  public void rowsAreSplitByUtcDateUserAndCurrency() {
    PCollection<DailyUserCurrency> daily = aggregate(
        tx("T-1", "U-1", "5.00", "USD", "APPROVED", "2026-11-20T23:59:59.999Z"),
        tx("T-2", "U-1", "7.00", "USD", "APPROVED", "2026-11-21T00:00:00Z"),
        tx("T-3", "U-1", "9.00", "EUR", "DECLINED", "2026-11-20T12:00:00Z"),
        tx("T-4", "U-2", "11.00", "USD", "APPROVED", "2026-11-20T12:00:00Z"));

    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-1", "USD", 1, "5.00", "5.00", "5.00", "5.000000", 1, 0),
        row("2026-11-21", "U-1", "USD", 1, "7.00", "7.00", "7.00", "7.000000", 1, 0),
        row("2026-11-20", "U-1", "EUR", 1, "9.00", "9.00", "9.00", "9.000000", 0, 1),
        row("2026-11-20", "U-2", "USD", 1, "11.00", "11.00", "11.00", "11.000000", 1, 0));
    p.run();
  }

  @Test
  public void equalAmountsAtDifferentScalesGiveTheSameExtremesInAnyOrder() {
    PCollection<DailyUserCurrency> daily = aggregate(
        tx("T-1", "U-A", "1.0", "USD", "APPROVED", "2026-11-20T10:00:00Z"),
        tx("T-2", "U-A", "1.00", "USD", "APPROVED", "2026-11-20T11:00:00Z"),
        tx("T-3", "U-B", "1.00", "USD", "APPROVED", "2026-11-20T10:00:00Z"),
        tx("T-4", "U-B", "1.0", "USD", "APPROVED", "2026-11-20T11:00:00Z"));

    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-A", "USD", 2, "2.00", "1.00", "1.00", "1.000000", 2, 0),
        row("2026-11-20", "U-B", "USD", 2, "2.00", "1.00", "1.00", "1.000000", 2, 0));
    p.run();
  }

  @Test
  public void inputInHourlyWindowsIsStillOneRowPerDate() {
    Transaction morning = tx("T-1", "U-1", "1.50", "USD", "APPROVED", "2026-11-20T08:00:00Z");
    Transaction evening = tx("T-2", "U-1", "2.25", "USD", "DECLINED", "2026-11-20T20:00:00Z");

    PCollection<DailyUserCurrency> daily = p
        .apply(Create.timestamped(
            TimestampedValue.of(morning, morning.getEventTime()),
            TimestampedValue.of(evening, evening.getEventTime())))
        .apply(Window.into(FixedWindows.of(Duration.standardHours(1))))
        .apply(AggregateDaily.perUserAndCurrency());

    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-1", "USD", 2, "3.75", "1.50", "2.25", "1.875000", 1, 1));
    p.run();
  }

  @Test
  public void noStepFallsBackToJavaSerialization() {
    PCollection<DailyUserCurrency> daily = aggregate(tx("T-1", "U-1", "1.00", "USD", "APPROVED", "2026-11-20T10:00:00Z"));

    assertEquals(List.of(), JavaSerialization.stepsUnder(p, "AggregateDaily"));
    PAssert.that(daily).containsInAnyOrder(
        row("2026-11-20", "U-1", "USD", 1, "1.00", "1.00", "1.00", "1.000000", 1, 0));
    p.run();
  }

  @Test
  public void emptyInputGivesNoRows() {
    PAssert.that(aggregate()).empty();
    p.run();
  }

  private PCollection<DailyUserCurrency> aggregate(Transaction... transactions) {
    return aggregate(List.of(transactions));
  }

  private PCollection<DailyUserCurrency> aggregate(List<Transaction> transactions) {
    return p.apply(Create.of(transactions).withType(TypeDescriptor.of(Transaction.class)))
        .apply("AggregateDaily", AggregateDaily.perUserAndCurrency());
  }
}
