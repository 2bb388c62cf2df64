package dev.finpipe.dedupe;

import com.google.auto.value.AutoValue;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.DomainRecord;
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
 * Sends records older than the silver watermark to quarantine instead of letting a closed window drop them.
 *
 * <p>The cutoff is data-driven: the pipeline computes it as the latest event time already committed to silver minus
 * the allowed lateness, and passes it in. An event whose time is strictly before the cutoff becomes a
 * {@link FailedRecord} of stage {@link FailedRecord.Stage#LATE} with reason {@value #LATE_REASON}; an event exactly at
 * the cutoff is on time. Apply it before {@link DedupeRecords}. Elements keep their timestamps and windows.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> routed =
 *     valid.apply("RouteLateEvents", RouteLateEvents.olderThan(cutoff, Transaction.class));
 * }</pre>
 *
 * <p>Counters (namespace {@code RouteLateEvents}): {@code on_time}, {@code late}.
 */
@AutoValue
public abstract class RouteLateEvents<T extends DomainRecord>
    extends PTransform<PCollection<T>, WithFailures.Result<PCollection<T>, FailedRecord>> {
  public static final String LATE_REASON = "LATE";

  /** Events strictly before this go to quarantine; null when silver is still empty. */
  abstract @Nullable Instant getCutoff();

  abstract Class<T> getRecordType();

  /**
   * Quarantines records of {@code recordType} (which has a schema) whose event time is before {@code cutoff}; a null
   * cutoff (empty silver) lets every record through.
   */
  public static <T extends DomainRecord> RouteLateEvents<T> olderThan(@Nullable Instant cutoff, Class<T> recordType) {
    return new AutoValue_RouteLateEvents<>(cutoff, recordType);
  }

  /** For the first run, when silver has no watermark yet: every record is on time. */
  public static <T extends DomainRecord> RouteLateEvents<T> noCutoff(Class<T> recordType) {
    return olderThan(null, recordType);
  }

  /** The per-record logic, to chain with other steps in one ParDo (see {@link RecordStep}). */
  public RecordStep<T, T> step() {
    return new SplitAtCutoffStep<>(getCutoff());
  }

  @Override
  public WithFailures.Result<PCollection<T>, FailedRecord> expand(PCollection<T> input) {
    return input.apply("SplitAtCutoff", RecordSteps.of(step(), getRecordType()));
  }

  /** Passes on-time events through and turns the others into LATE quarantine records. */
  static final class SplitAtCutoffStep<T extends DomainRecord> extends RecordStep<T, T> {
    private static final long serialVersionUID = 1L;
    private final Counter onTime = Metrics.counter(RouteLateEvents.class, "on_time");
    private final Counter late = Metrics.counter(RouteLateEvents.class, "late");
    private final @Nullable Instant cutoff;

    SplitAtCutoffStep(@Nullable Instant cutoff) {
      this.cutoff = cutoff;
    }

    @Override
    public void process(T tx, Receiver<T> receiver) {
      if (cutoff == null || !tx.getEventTime().isBefore(cutoff)) {
        onTime.inc();
        receiver.output(tx);
        return;
      }
      late.inc();
      receiver.refuse(FailedRecord.of(FailedRecord.Stage.LATE, List.of(LATE_REASON), lateError(tx), tx));
    }

    private String lateError(T tx) {
      return "event time " + tx.getEventTime() + " is before the lateness cutoff " + cutoff
          + " (latest committed event time minus the allowed lateness)";
    }
  }
}
