package dev.finpipe.dedupe;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.Transaction;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Sends transactions older than the silver watermark to quarantine instead of letting a closed window drop them.
 *
 * <p>The cutoff is data-driven: the pipeline computes it as the latest event time already committed to silver minus
 * the allowed lateness, and passes it in. An event whose time is strictly before the cutoff becomes a
 * {@link FailedRecord} of stage {@link FailedRecord.Stage#LATE} with reason {@value #LATE_REASON}; an event exactly at
 * the cutoff is on time. Apply it before {@link DedupeTransactions}. Elements keep their timestamps and windows.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> routed =
 *     valid.apply("RouteLateEvents", RouteLateEvents.olderThan(cutoff));
 * }</pre>
 *
 * <p>Counters (namespace {@code RouteLateEvents}): {@code on_time}, {@code late}.
 */
@AutoValue
public abstract class RouteLateEvents
    extends PTransform<PCollection<Transaction>, WithFailures.Result<PCollection<Transaction>, FailedRecord>> {
  public static final TupleTag<Transaction> ON_TIME = new TupleTag<Transaction>() {};
  public static final TupleTag<FailedRecord> LATE = new TupleTag<FailedRecord>() {};
  public static final String LATE_REASON = "LATE";

  /** Events strictly before this go to quarantine; null when silver is still empty. */
  abstract @Nullable Instant getCutoff();

  /** Quarantines events whose time is before {@code cutoff}; a null cutoff (empty silver) lets every event through. */
  public static RouteLateEvents olderThan(@Nullable Instant cutoff) {
    return new AutoValue_RouteLateEvents(cutoff);
  }

  /** For the first run, when silver has no watermark yet: every event is on time. */
  public static RouteLateEvents noCutoff() {
    return olderThan(null);
  }

  @Override
  public WithFailures.Result<PCollection<Transaction>, FailedRecord> expand(PCollection<Transaction> input) {
    return WithFailures.Result.of(
        input.apply(
            "SplitAtCutoff",
            ParDo.of(new SplitAtCutoffFn(getCutoff())).withOutputTags(ON_TIME, TupleTagList.of(LATE))),
        ON_TIME,
        LATE);
  }

  /** Passes on-time events through and turns the others into LATE quarantine records. */
  static final class SplitAtCutoffFn extends DoFn<Transaction, Transaction> {
    private final Counter onTime = Metrics.counter(RouteLateEvents.class, "on_time");
    private final Counter late = Metrics.counter(RouteLateEvents.class, "late");
    private final @Nullable Instant cutoff;

    SplitAtCutoffFn(@Nullable Instant cutoff) {
      this.cutoff = cutoff;
    }

    @ProcessElement
    public void process(@Element Transaction tx, MultiOutputReceiver out) {
      if (cutoff == null || !tx.getEventTime().isBefore(cutoff)) {
        onTime.inc();
        out.get(ON_TIME).output(tx);
        return;
      }
      late.inc();
      out.get(LATE).output(FailedRecord.of(FailedRecord.Stage.LATE, List.of(LATE_REASON), lateError(tx), tx));
    }

    private String lateError(Transaction tx) {
      return "event time " + tx.getEventTime() + " is before the lateness cutoff " + cutoff
          + " (latest committed event time minus the allowed lateness)";
    }
  }
}
