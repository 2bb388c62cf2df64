package dev.finpipe.history;

import static dev.finpipe.history.CustomerChange.closed;
import static dev.finpipe.history.CustomerChange.current;
import static dev.finpipe.history.CustomerChange.delete;
import static dev.finpipe.history.CustomerChange.upsert;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.model.ModelCoders;
import dev.finpipe.testing.Counters;
import dev.finpipe.testing.JavaSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * One batch over six customers, each showing one rule. The expected tables are written out by hand from the timelines
 * below (days of November 2026), not computed with {@link HistoryRules}.
 */
public class MergeHistoryTest {
  // Stored before the batch.
  private static final CustomerChange BO_A = upsert("C2", 1, "Bo A");
  private static final CustomerChange BO_C = upsert("C2", 5, "Bo C");
  private static final CustomerChange XE = upsert("C3", 2, "Xe");
  private static final CustomerChange YU = upsert("C4", 1, "Yu");
  private static final CustomerChange ZED = upsert("C6", 1, "Zed");
  private static final List<Version<CustomerChange>> STORED = List.of(
      closed(BO_A, 5), current(BO_C), // C2: A [1,5), C [5,-)
      current(XE), // C3: X [2,-)
      closed(YU, 3), // C4: Y [1,3), deleted on day 3; not touched by the batch
      current(ZED)); // C6: Z [1,-)

  // The batch.
  private static final CustomerChange ANA = upsert("C1", 1, "Ana", "batch-1");
  private static final CustomerChange ANA_RESENT = upsert("C1", 1, "Ana", "batch-2");
  private static final CustomerChange ANA_B = upsert("C1", 4, "Ana B");
  private static final CustomerChange BO_B = upsert("C2", 3, "Bo B");
  private static final CustomerChange BO_GONE = delete("C2", 7);
  private static final CustomerChange XE_RESENT = upsert("C3", 2, "Xe", "batch-0");
  private static final CustomerChange NEVER_SEEN_GONE = delete("C5", 2);
  private static final CustomerChange ZED_GONE = delete("C6", 4);
  private static final CustomerChange ZED_AGAIN = upsert("C6", 6, "Zed again");
  private static final List<CustomerChange> BATCH = List.of(
      ANA_B, ANA_RESENT, ANA, // C1: new; day 1 twice, batch-1 sorts first and is kept
      BO_GONE, BO_B, // C2: B splits A on day 3, the DELETE ends C on day 7
      XE_RESENT, // C3: a copy of the stored change, which wins though batch-0 sorts first
      NEVER_SEEN_GONE, // C5: a DELETE with nothing to close
      ZED_AGAIN, ZED_GONE); // C6: deleted on day 4, re-created on day 6

  /** The histories after the batch, by hand. */
  private static final List<Version<CustomerChange>> CHANGED = List.of(
      closed(ANA, 4), current(ANA_B),
      closed(BO_A, 3), closed(BO_B, 5), closed(BO_C, 7),
      closed(ZED, 4), current(ZED_AGAIN));

  private static final List<Version<CustomerChange>> UNCHANGED = List.of(current(XE), closed(YU, 3));

  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void batchMergesIntoTheStoredVersionsOfTheKeysItTouches() {
    MergeHistory.Result<CustomerChange> merged = merge(BATCH, STORED);

    PAssert.that(merged.changed()).containsInAnyOrder(CHANGED);
    PAssert.that(merged.unchanged()).containsInAnyOrder(UNCHANGED);
    PAssert.that(merged.duplicates()).containsInAnyOrder(ANA_RESENT, XE_RESENT);
    assertEquals(List.of(), JavaSerialization.stepsUnder(p, "MergeCustomerHistory"));
    // Opened: Ana, Ana B, Bo B, Zed again. Closed: Ana, Bo A (moved), Bo B, Bo C, Zed.
    assertCounters(runToEnd(), 4, 5, 2, 1, 3);
  }

  @Test
  public void rerunningTheBatchOverItsOwnResultChangesNothing() {
    List<Version<CustomerChange>> afterFirstRun = new ArrayList<>(CHANGED);
    afterFirstRun.addAll(UNCHANGED);

    MergeHistory.Result<CustomerChange> merged = merge(BATCH, afterFirstRun);

    PAssert.that(merged.changed()).empty();
    PAssert.that(merged.unchanged()).containsInAnyOrder(afterFirstRun);
    // C5's DELETE closed nothing and left no trace, so it is not a duplicate the second time either.
    PAssert.that(merged.duplicates())
        .containsInAnyOrder(ANA_B, ANA_RESENT, ANA, BO_GONE, BO_B, XE_RESENT, ZED_AGAIN, ZED_GONE);
    assertCounters(runToEnd(), 0, 0, 8, 1, 0);
  }

  @Test
  public void withoutStoredVersionsEveryKeyStartsEmpty() {
    PCollection<CustomerChange> changes =
        p.apply("Changes", Create.of(List.of(ANA_B, ANA, upsert("C2", 2, "Bo"))).withCoder(coder()));

    MergeHistory.Result<CustomerChange> merged = changes.apply("MergeCustomerHistory", transform());

    PAssert.that(merged.changed()).containsInAnyOrder(closed(ANA, 4), current(ANA_B), current(upsert("C2", 2, "Bo")));
    PAssert.that(merged.unchanged()).empty();
    PAssert.that(merged.duplicates()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void storedVersionsThatOverlapFailTheRunNamingTheKey() {
    merge(List.of(ANA_B), List.of(closed(BO_A, 5), closed(upsert("C2", 3, "Bo B"), 6)));

    PipelineExecutionException e = assertThrows(PipelineExecutionException.class, () -> p.run());
    assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
    assertThat(e.getCause().getMessage(), containsString(
        "stored version of key C2 valid from 2026-11-01T00:00:00.000Z is valid until 2026-11-05T00:00:00.000Z, "
            + "past the next version's start 2026-11-03T00:00:00.000Z"));
  }

  @Test
  public void missingFunctionsAreNamed() {
    p.enableAbandonedNodeEnforcement(false);
    PCollection<CustomerChange> changes = p.apply("Changes", Create.of(List.of(ANA)).withCoder(coder()));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> changes.apply("MergeCustomerHistory",
        MergeHistory.byKey(CustomerChange::getCustomerId).withUpdatedAt(CustomerChange::getUpdatedAt)));
    assertThat(e.getMessage(), containsString("missing: withIsDelete withKeepOrder"));
  }

  private PipelineResult runToEnd() {
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return result;
  }

  private static void assertCounters(
      PipelineResult result, long opened, long closed, long duplicates, long deletesWithoutVersion, long keysChanged) {
    Map<String, Long> expected = Map.of(
        MergeHistory.VERSIONS_OPENED, opened,
        MergeHistory.VERSIONS_CLOSED, closed,
        MergeHistory.DUPLICATE_CHANGES, duplicates,
        MergeHistory.DELETES_WITHOUT_VERSION, deletesWithoutVersion,
        MergeHistory.KEYS_CHANGED, keysChanged);
    assertEquals(expected, Counters.values(result, MergeHistory.class, expected.keySet()));
  }

  private MergeHistory.Result<CustomerChange> merge(
      List<CustomerChange> batch, List<Version<CustomerChange>> stored) {
    PCollection<CustomerChange> changes = p.apply("Changes", Create.of(batch).withCoder(coder()));
    PCollection<Version<CustomerChange>> storedVersions =
        p.apply("Stored", Create.of(stored).withCoder(VersionCoder.of(coder())));
    return changes.apply("MergeCustomerHistory", transform().withStored(storedVersions));
  }

  private static MergeHistory<CustomerChange> transform() {
    return MergeHistory.byKey(CustomerChange::getCustomerId)
        .withUpdatedAt(CustomerChange::getUpdatedAt)
        .withIsDelete(CustomerChange::isDelete)
        .withKeepOrder(CustomerChange.KEEP_ORDER);
  }

  private Coder<CustomerChange> coder() {
    return ModelCoders.of(p, CustomerChange.class);
  }
}
