package dev.finpipe.aggregate;

import dev.finpipe.model.DailySegmentVolume;
import dev.finpipe.model.EnrichedTransaction;
import dev.finpipe.model.ModelCoders;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** Sums per UTC date, segment, account type and currency; merged into existing rows, the measures add up. */
public class AggregateSegmentVolumeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static EnrichedTransaction tx(String id, String amount, String currency, String status, String time,
      String accountType, String segment) {
    return EnrichedTransaction.builder().setTransactionId(id).setAccountId("A-1").setEventTime(Instant.parse(time))
        .setAmount(new BigDecimal(amount)).setCurrency(currency).setStatus(status).setCustomerId("C-1")
        .setAccountType(accountType).setSegment(segment).build();
  }

  private static DailySegmentVolume row(String date, String segment, String accountType, String currency, long count,
      String total, long approved, long declined) {
    return DailySegmentVolume.builder().setDate(date).setSegment(segment).setAccountType(accountType)
        .setCurrency(currency).setTxCount(count).setTotalAmount(new BigDecimal(total)).setApprovedCount(approved)
        .setDeclinedCount(declined).build();
  }

  private PCollection<EnrichedTransaction> transactions() {
    return p.apply("Transactions", Create.of(List.of(
            tx("t-1", "10.5", "PEN", "APPROVED", "2026-11-20T00:00:00Z", "SAVINGS", "RETAIL"),
            tx("t-2", "2.25", "PEN", "DECLINED", "2026-11-20T23:59:59.999Z", "SAVINGS", "RETAIL"),
            tx("t-3", "7", "PEN", "REVERSED", "2026-11-20T08:00:00Z", "SAVINGS", "PREMIUM"),
            tx("t-4", "1.000", "USD", "APPROVED", "2026-11-20T08:00:00Z", "SAVINGS", "RETAIL"),
            tx("t-5", "3", "PEN", "APPROVED", "2026-11-21T00:00:00Z", "SAVINGS", "RETAIL"),
            tx("t-6", "4", "PEN", "APPROVED", "2026-11-20T09:00:00Z", "UNKNOWN", "UNKNOWN")))
        .withCoder(ModelCoders.of(p, EnrichedTransaction.class)));
  }

  @Test
  public void sumsPerDateSegmentAccountTypeAndCurrency() {
    PCollection<DailySegmentVolume> rows =
        transactions().apply("Aggregate", AggregateSegmentVolume.perSegmentAndAccountType());

    PAssert.that(rows).containsInAnyOrder(
        row("2026-11-20", "RETAIL", "SAVINGS", "PEN", 2, "12.75", 1, 1),
        row("2026-11-20", "PREMIUM", "SAVINGS", "PEN", 1, "7", 0, 0),
        row("2026-11-20", "RETAIL", "SAVINGS", "USD", 1, "1.000", 1, 0),
        row("2026-11-21", "RETAIL", "SAVINGS", "PEN", 1, "3", 1, 0),
        row("2026-11-20", "UNKNOWN", "UNKNOWN", "PEN", 1, "4", 1, 0));
    p.run().waitUntilFinish();
  }

  @Test
  public void mergingIntoExistingRowsAddsEveryMeasureAndKeepsOtherKeys() {
    PCollection<DailySegmentVolume> existing = p.apply("Existing", Create.of(List.of(
            row("2026-11-20", "RETAIL", "SAVINGS", "PEN", 5, "100.000", 3, 2),
            row("2026-11-20", "SME", "LOAN", "PEN", 2, "9.000", 2, 0)))
        .withCoder(ModelCoders.of(p, DailySegmentVolume.class)));

    PCollection<DailySegmentVolume> rows =
        transactions().apply("Aggregate", AggregateSegmentVolume.perSegmentAndAccountType().mergingInto(existing));

    PAssert.that(rows).containsInAnyOrder(
        row("2026-11-20", "RETAIL", "SAVINGS", "PEN", 7, "112.750", 4, 3),
        row("2026-11-20", "SME", "LOAN", "PEN", 2, "9.000", 2, 0),
        row("2026-11-20", "PREMIUM", "SAVINGS", "PEN", 1, "7", 0, 0),
        row("2026-11-20", "RETAIL", "SAVINGS", "USD", 1, "1.000", 1, 0),
        row("2026-11-21", "RETAIL", "SAVINGS", "PEN", 1, "3", 1, 0),
        row("2026-11-20", "UNKNOWN", "UNKNOWN", "PEN", 1, "4", 1, 0));
    p.run().waitUntilFinish();
  }
}
