package dev.finpipe.dedupe;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.Transaction;
import dev.finpipe.refine.RecordStep;
import dev.finpipe.refine.RecordSteps;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
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

  /** The per-record logic, to chain with other steps in one ParDo (see {@link RecordStep}). */
  public RecordStep<Transaction, Transaction> step() {
    return new SplitAtCutoffStep(getCutoff());
  }

  @Override
  public WithFailures.Result<PCollection<Transaction>, FailedRecord> expand(PCollection<Transaction> input) {
    return input.apply("SplitAtCutoff", RecordSteps.of(step(), Transaction.class));
  }

  /** Passes on-time events through and turns the others into LATE quarantine records. */
  static final class SplitAtCutoffStep extends RecordStep<Transaction, Transaction> {
    private static final long serialVersionUID = 1L;
    private final Counter onTime = Metrics.counter(RouteLateEvents.class, "on_time");
    private final Counter late = Metrics.counter(RouteLateEvents.class, "late");
    private final @Nullable Instant cutoff;

    SplitAtCutoffStep(@Nullable Instant cutoff) {
      this.cutoff = cutoff;
    }

    @Override
    public void process(Transaction tx, Receiver<Transaction> receiver) {
      if (cutoff == null || !tx.getEventTime().isBefore(cutoff)) {
        onTime.inc();
        receiver.output(tx);
        return;
      }
      late.inc();
      receiver.refuse(FailedRecord.of(FailedRecord.Stage.LATE, List.of(LATE_REASON), lateError(tx), tx));
    }

    private String lateError(Transaction tx) {
      return "event time " + tx.getEventTime() + " is before the lateness cutoff " + cutoff
          + " (latest committed event time minus the allowed lateness)";
    }
  }
}
