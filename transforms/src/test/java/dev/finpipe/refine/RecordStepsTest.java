package dev.finpipe.refine;

import static dev.finpipe.model.TransactionFixtures.tx;
import static org.junit.Assert.assertEquals;

import dev.finpipe.dedupe.RouteLateEvents;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.Counters;
import dev.finpipe.validate.ValidateRecords;
import dev.finpipe.validate.ValidationRules;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class RecordStepsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");
  private static final Instant CUTOFF = Instant.parse("2026-11-20T00:00:00Z");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void chainedStepsRunInOrderAndShareOneFailureOutput() {
    Transaction onTime = tx("T-OK", "2026-11-21T10:00:00Z");
    Transaction late = tx("T-LATE", "2026-11-18T10:00:00Z");
    // Invalid and late: the validation step refuses it, so the late step never sees it.
    Transaction invalidAndLate = tx("T-BAD", "U-1", "-5.00", "USD", "APPROVED", "2026-11-18T09:00:00Z");

    WithFailures.Result<PCollection<Transaction>, FailedRecord> refined =
        p.apply(
                Create.timestamped(
                    TimestampedValue.of(onTime, onTime.getEventTime()),
                    TimestampedValue.of(late, late.getEventTime()),
                    TimestampedValue.of(invalidAndLate, invalidAndLate.getEventTime())))
            .apply(
                RecordSteps.of(
                    ValidateRecords.of(ValidationRules.standard(), Transaction.class).withNow(NOW).step().then(RouteLateEvents.olderThan(CUTOFF, Transaction.class).step()),
                    Transaction.class));

    PAssert.that(refined.output().apply(Reify.timestamps()))
        .containsInAnyOrder(TimestampedValue.of(onTime, onTime.getEventTime()));
    PAssert.that(
            refined.failures()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(f -> f.getStage() + " " + f.getRecordId() + " " + f.getReasons())))
        .containsInAnyOrder("VALIDATE T-BAD [amount_positive]", "LATE T-LATE [LATE]");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(2, Counters.committed(result, ValidateRecords.class, "valid"));
    assertEquals(1, Counters.committed(result, ValidateRecords.class, "quarantined"));
    assertEquals(1, Counters.committed(result, RouteLateEvents.class, "on_time"));
    assertEquals(1, Counters.committed(result, RouteLateEvents.class, "late"));
  }

  @Test
  public void emptyInputGivesEmptyOutputs() {
    WithFailures.Result<PCollection<Transaction>, FailedRecord> refined =
        p.apply(Create.empty(TypeDescriptor.of(Transaction.class)))
            .apply(RecordSteps.of(RouteLateEvents.olderThan(CUTOFF, Transaction.class).step(), Transaction.class));

    PAssert.that(refined.output()).empty();
    PAssert.that(refined.failures()).empty();
    p.run();
  }
}
