package dev.finpipe.dedupe;

import static dev.finpipe.model.TransactionFixtures.tx;
import static org.junit.Assert.assertEquals;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.Counters;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class RouteLateEventsTest {
  private static final Instant CUTOFF = Instant.parse("2026-11-20T00:00:00Z");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void lateEventGoesToQuarantine() {
    Transaction late = tx("T-LATE", "2026-11-18T10:00:00Z");
    Transaction onTime = tx("T-ON-TIME", "2026-11-21T10:00:00Z");

    assertRouted(route(RouteLateEvents.olderThan(CUTOFF, Transaction.class), late, onTime),
        List.of(onTime),
        List.of(lateRecord(late, "2026-11-18T10:00:00.000Z", "2026-11-20T00:00:00.000Z")));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(1, Counters.committed(result, RouteLateEvents.class, "on_time"));
    assertEquals(1, Counters.committed(result, RouteLateEvents.class, "late"));
  }

  @Test
  public void eventExactlyAtTheCutoffIsOnTimeAndOneMillisecondBeforeIsLate() {
    Transaction atCutoff = tx("T-AT", "2026-11-20T00:00:00.000Z");
    Transaction justBefore = tx("T-BEFORE", "2026-11-19T23:59:59.999Z");

    assertRouted(route(RouteLateEvents.olderThan(CUTOFF, Transaction.class), atCutoff, justBefore),
        List.of(atCutoff),
        List.of(lateRecord(justBefore, "2026-11-19T23:59:59.999Z", "2026-11-20T00:00:00.000Z")));
    p.run();
  }

  @Test
  public void withoutCutoffEveryEventIsOnTime() {
    Transaction ancient = tx("T-OLD", "2001-01-01T00:00:00Z");
    Transaction recent = tx("T-NEW", "2026-11-21T10:00:00Z");

    assertRouted(route(RouteLateEvents.noCutoff(Transaction.class), ancient, recent), List.of(ancient, recent), List.of());
    p.run();
  }

  @Test
  public void olderThanNullIsNoCutoff() {
    assertEquals(RouteLateEvents.noCutoff(Transaction.class), RouteLateEvents.olderThan(null, Transaction.class));
  }

  /** The quarantine record expected for {@code tx}, with the error spelled out. */
  static FailedRecord lateRecord(Transaction tx, String eventTime, String cutoff) {
    return FailedRecord.of(FailedRecord.Stage.LATE, List.of("LATE"),
        "event time " + eventTime + " is before the lateness cutoff " + cutoff
            + " (latest committed event time minus the allowed lateness)",
        tx);
  }

  private WithFailures.Result<PCollection<Transaction>, FailedRecord> route(
      RouteLateEvents<Transaction> route, Transaction... events) {
    return p.apply(Create.of(List.of(events))).apply(route);
  }

  /** Asserts both outputs exactly; an empty list asserts an empty output. */
  private static void assertRouted(
      WithFailures.Result<PCollection<Transaction>, FailedRecord> routed,
      List<Transaction> onTime,
      List<FailedRecord> late) {
    PAssert.that(routed.output()).containsInAnyOrder(onTime);
    PAssert.that(routed.failures()).containsInAnyOrder(late);
  }
}
