package dev.finpipe.dedupe;

import static dev.finpipe.model.TransactionFixtures.tx;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import dev.finpipe.model.RecordKey;
import dev.finpipe.testing.Counters;
import dev.finpipe.testing.JavaSerialization;
import java.util.List;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class DedupeRecordsTest {
  /** The one-day dedupe window of 2026-11-20 (UTC). */
  private static final IntervalWindow NOV_20 = day("2026-11-20");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void duplicateInSameWindowIsDropped() {
    Transaction first = tx("T-A", "2026-11-20T10:00:00Z");
    Transaction resent = tx("T-A", "2026-11-20T11:00:00Z");
    Transaction other = tx("T-B", "2026-11-20T12:00:00Z");

    DedupeRecords.Result<Transaction> inOrder = dedupe("InOrder", DedupeRecords.<Transaction>create(), first, resent, other);
    DedupeRecords.Result<Transaction> reversed = dedupe("Reversed", DedupeRecords.<Transaction>create(), other, resent, first);

    assertKeptAndDropped(inOrder, List.of(first, other), List.of(resent));
    assertKeptAndDropped(reversed, List.of(first, other), List.of(resent));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(2, Counters.committed(result, DedupeRecords.class, "duplicates"));
  }

  @Test
  public void keptCopyIsSmallestByEventTimeThenIngestionThenSourceOffsetThenPayload() {
    Transaction byEventTime = tx("T-E", "2026-11-20T10:00:00Z");
    Transaction laterEvent = tx("T-E", "2026-11-20T10:00:00.001Z");
    Transaction byIngestion = tx("T-I", "2026-11-20T10:00:00Z");
    Transaction laterIngestion = byIngestion.toBuilder().setIngestedAt(Instant.parse("2026-11-23T00:00:01Z")).build();
    // Lines and offsets compare as numbers (line 9 before line 10, offset 843 before 1031), so one batch keeps the copy
    // a stream that saw them in separate batches would have kept: the first.
    Transaction bySource = tx("T-S", "2026-11-20T10:00:00Z").toBuilder()
        .setSourceRef(SourceRef.fileLine("in/tx.jsonl", 9)).build();
    Transaction laterSource = bySource.toBuilder().setSourceRef(SourceRef.fileLine("in/tx.jsonl", 10)).build();
    Transaction byOffset = tx("T-O", "2026-11-20T10:00:00Z").toBuilder()
        .setSourceRef(SourceRef.of("kafka://tx", 2, 843)).build();
    Transaction laterOffset = byOffset.toBuilder().setSourceRef(SourceRef.of("kafka://tx", 2, 1031)).build();
    Transaction byPayload = tx("T-P", "2026-11-20T10:00:00Z").toBuilder().setPayload("{\"a\":1}").build();
    Transaction laterPayload = byPayload.toBuilder().setPayload("{\"b\":1}").build();

    DedupeRecords.Result<Transaction> smallestFirst = dedupe("SmallestFirst", DedupeRecords.<Transaction>create(),
        byEventTime, laterEvent, byIngestion, laterIngestion, bySource, laterSource, byOffset, laterOffset, byPayload,
        laterPayload);
    DedupeRecords.Result<Transaction> smallestLast = dedupe("SmallestLast", DedupeRecords.<Transaction>create(),
        laterPayload, byPayload, laterOffset, byOffset, laterSource, bySource, laterIngestion, byIngestion, laterEvent,
        byEventTime);

    List<Transaction> kept = List.of(byEventTime, byIngestion, bySource, byOffset, byPayload);
    List<Transaction> dropped = List.of(laterEvent, laterIngestion, laterSource, laterOffset, laterPayload);
    assertKeptAndDropped(smallestFirst, kept, dropped);
    assertKeptAndDropped(smallestLast, kept, dropped);
    p.run();
  }

  @Test
  public void sameIdInTwoWindowsIsKeptTwice() {
    Transaction lateOnThe20th = tx("T-X", "2026-11-20T23:59:59.999Z");
    Transaction earlyOnThe21st = tx("T-X", "2026-11-21T00:00:00Z");

    DedupeRecords.Result<Transaction> deduped = dedupe("Events", DedupeRecords.<Transaction>create(), lateOnThe20th, earlyOnThe21st);

    PAssert.that(deduped.output()).inWindow(NOV_20).containsInAnyOrder(lateOnThe20th);
    PAssert.that(deduped.output()).inWindow(day("2026-11-21")).containsInAnyOrder(earlyOnThe21st);
    assertKeptAndDropped(deduped, List.of(lateOnThe20th, earlyOnThe21st), List.of());
    p.run();
  }

  @Test
  public void windowSizeIsConfigurable() {
    Transaction at1015 = tx("T-H", "2026-11-20T10:15:00Z");
    Transaction at1045 = at1015.toBuilder().setEventTime(Instant.parse("2026-11-20T10:45:00Z")).build();
    Transaction at1115 = at1015.toBuilder().setEventTime(Instant.parse("2026-11-20T11:15:00Z")).build();

    assertKeptAndDropped(
        dedupe("Hourly", DedupeRecords.<Transaction>withinWindow(Duration.standardHours(1)), at1015, at1045, at1115),
        List.of(at1015, at1115),
        List.of(at1045));
    p.run();
  }

  @Test
  public void alreadyCommittedIdIsDuplicate() {
    Transaction committedCopy = tx("T-C", "2026-11-20T10:00:00Z");
    Transaction committedResent = tx("T-C", "2026-11-20T14:00:00Z");
    Transaction sameIdNextDay = tx("T-D", "2026-11-21T05:00:00Z");
    Transaction fresh = tx("T-N", "2026-11-20T10:00:00Z");
    PCollection<RecordKey> committed = p.apply("Committed", Create.of(
        RecordKey.of("T-C", Instant.parse("2026-11-20T10:00:00Z")),
        RecordKey.of("T-D", Instant.parse("2026-11-20T05:00:00Z"))));

    DedupeRecords.Result<Transaction> deduped = dedupe("Incoming", DedupeRecords.<Transaction>create().withAlreadyCommitted(committed),
        committedCopy, committedResent, sameIdNextDay, fresh);

    assertKeptAndDropped(deduped, List.of(sameIdNextDay, fresh), List.of(committedCopy, committedResent));
    p.run();
  }

  @Test
  public void noStepFallsBackToJavaSerialization() {
    Transaction tx = tx("T-A", "2026-11-20T10:00:00Z");
    PCollection<RecordKey> committed = p.apply("Committed", Create.of(RecordKey.of(tx)));

    DedupeRecords.Result<Transaction> deduped =
        dedupe("Incoming", DedupeRecords.<Transaction>create().withAlreadyCommitted(committed), tx);

    assertEquals(List.of(), JavaSerialization.stepsUnder(p, "DedupeIncoming"));
    assertKeptAndDropped(deduped, List.of(), List.of(tx));
    p.run();
  }

  @Test
  public void outputsCarryTheirEventTimeAndStayInTheirWindow() {
    Transaction kept = tx("T-A", "2026-11-20T10:00:00Z");
    Transaction dropped = tx("T-A", "2026-11-20T11:00:00Z");

    DedupeRecords.Result<Transaction> deduped = dedupe("Events", DedupeRecords.<Transaction>create(), kept, dropped);

    PAssert.that(deduped.output().apply("ReifyKept", Reify.timestamps()))
        .inWindow(NOV_20)
        .containsInAnyOrder(List.of(TimestampedValue.of(kept, kept.getEventTime())));
    PAssert.that(deduped.duplicates().apply("ReifyDuplicates", Reify.timestamps()))
        .inWindow(NOV_20)
        .containsInAnyOrder(List.of(TimestampedValue.of(dropped, dropped.getEventTime())));
    p.run();
  }

  @Test
  public void emptyInputGivesEmptyOutputs() {
    assertKeptAndDropped(dedupe("Nothing", DedupeRecords.<Transaction>create()), List.of(), List.of());
    p.run();
  }

  @Test
  public void inputStampedAfterItsEventTimeFailsLoudlyInsteadOfMisWindowing() {
    Transaction tx = tx("T-A", "2026-11-20T10:00:00Z");
    p.apply(Create.timestamped(TimestampedValue.of(tx, Instant.parse("2026-11-22T00:00:00Z"))))
        .apply(DedupeRecords.<Transaction>create());

    PipelineExecutionException failure = assertThrows(PipelineExecutionException.class, p::run);
    assertThat(failure.getMessage(), containsString("Cannot output with timestamp 2026-11-20T10:00:00.000Z"));
  }

  /**
   * A stream through {@link RouteLateEvents} then {@link DedupeRecords} (one-day windows, two days of lateness,
   * cutoff 2026-11-19): copies arriving on time are deduped in the on-time pane; after the watermark passes the end
   * of 2026-11-20, a new id of that day is emitted in a late pane and a late copy of an emitted id is a duplicate,
   * even though it is older than the copy kept; an event of 2026-11-17, whose window Beam has already closed, goes
   * to quarantine instead of vanishing.
   */
  @Test
  public void streamDedupesOnTimePaneEmitsLatePaneAndQuarantinesDroppablyLate() {
    Transaction first = tx("T-A", "2026-11-20T10:00:00Z");
    Transaction resent = tx("T-A", "2026-11-20T11:00:00Z");
    Transaction other = tx("T-B", "2026-11-20T12:00:00Z");
    Transaction lateNew = tx("T-C", "2026-11-20T20:00:00Z");
    Transaction lateCopy = tx("T-A", "2026-11-20T09:00:00Z");
    Transaction droppable = tx("T-D", "2026-11-17T10:00:00Z");
    TestStream<Transaction> events = TestStream.create(ModelCoders.of(p, Transaction.class))
        .addElements(stamped(first), stamped(resent), stamped(other))
        .advanceWatermarkTo(Instant.parse("2026-11-21T01:00:00Z"))
        .addElements(stamped(lateNew), stamped(lateCopy), stamped(droppable))
        .advanceWatermarkToInfinity();

    WithFailures.Result<PCollection<Transaction>, FailedRecord> routed = p.apply(events)
        .apply(RouteLateEvents.olderThan(Instant.parse("2026-11-19T00:00:00Z"), Transaction.class));
    DedupeRecords.Result<Transaction> deduped = routed.output().apply(DedupeRecords.<Transaction>create());

    PAssert.that(deduped.output()).inOnTimePane(NOV_20).containsInAnyOrder(first, other);
    PAssert.that(deduped.output()).inLatePane(NOV_20).containsInAnyOrder(lateNew);
    PAssert.that(deduped.output()).containsInAnyOrder(first, other, lateNew);
    PAssert.that(deduped.duplicates()).inOnTimePane(NOV_20).containsInAnyOrder(resent);
    PAssert.that(deduped.duplicates()).inLatePane(NOV_20).containsInAnyOrder(lateCopy);
    PAssert.that(deduped.duplicates()).containsInAnyOrder(resent, lateCopy);
    PAssert.that(routed.failures()).containsInAnyOrder(
        RouteLateEventsTest.lateRecord(droppable, "2026-11-17T10:00:00.000Z", "2026-11-19T00:00:00.000Z"));
    p.run();
  }

  /** Applies {@code dedupe} as {@code "Dedupe" + name} to {@code events} created as {@code name}. */
  private DedupeRecords.Result<Transaction> dedupe(String name, DedupeRecords<Transaction> dedupe, Transaction... events) {
    return p.apply(name, Create.of(List.of(events)).withType(TypeDescriptor.of(Transaction.class)))
        .apply("Dedupe" + name, dedupe);
  }

  /** Asserts both outputs exactly, in every window and pane; an empty list asserts an empty output. */
  private static void assertKeptAndDropped(
      DedupeRecords.Result<Transaction> deduped, List<Transaction> kept, List<Transaction> dropped) {
    PAssert.that(deduped.output()).containsInAnyOrder(kept);
    PAssert.that(deduped.duplicates()).containsInAnyOrder(dropped);
  }

  private static TimestampedValue<Transaction> stamped(Transaction tx) {
    return TimestampedValue.of(tx, tx.getEventTime());
  }

  private static IntervalWindow day(String date) {
    Instant start = Instant.parse(date + "T00:00:00Z");
    return new IntervalWindow(start, start.plus(Duration.standardDays(1)));
  }
}
