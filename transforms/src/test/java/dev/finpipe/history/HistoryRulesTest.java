package dev.finpipe.history;

import static dev.finpipe.history.CustomerChange.RULES;
import static dev.finpipe.history.CustomerChange.closed;
import static dev.finpipe.history.CustomerChange.current;
import static dev.finpipe.history.CustomerChange.day;
import static dev.finpipe.history.CustomerChange.delete;
import static dev.finpipe.history.CustomerChange.upsert;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.Test;

/** Every expected history below is written out by hand from the timeline in the test's name and comments. */
public class HistoryRulesTest {
  private static final CustomerChange A1 = upsert("C1", 1, "Ana");
  private static final CustomerChange B3 = upsert("C1", 3, "Ana B");
  private static final CustomerChange C5 = upsert("C1", 5, "Ana C");

  @Test
  public void upsertsInOrderOpenVersionsClosedByTheNextChange() {
    HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(), List.of(A1, B3, C5));

    assertEquals(List.of(closed(A1, 3), closed(B3, 5), current(C5)), merge.changed());
    assertNothingElse(merge, Set.of("C1"), Set.of());
    assertCounts(merge, 3, 2, 0);
  }

  @Test
  public void arrivalOrderWithinABatchDoesNotMatter() {
    HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(), List.of(C5, A1, B3));

    assertEquals(List.of(closed(A1, 3), closed(B3, 5), current(C5)), merge.changed());
  }

  @Test
  public void olderChangeSplitsTheStoredVersionItFallsIn() {
    // Stored: A [1,5), C [5,-). B arrives late, updated on day 3: A now ends on day 3, B runs [3,5).
    HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(closed(A1, 5), current(C5)), List.of(B3));

    assertEquals(List.of(closed(A1, 3), closed(B3, 5), current(C5)), merge.changed());
    assertNothingElse(merge, Set.of("C1"), Set.of());
    assertCounts(merge, 1, 2, 0);
  }

  @Test
  public void changeOlderThanEveryStoredOneOpensAVersionClosedByTheFirstStoredChange() {
    HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(current(B3)), List.of(A1));

    assertEquals(List.of(closed(A1, 3), current(B3)), merge.changed());
    assertCounts(merge, 1, 1, 0);
  }

  @Test
  public void duplicatesWithinABatchKeepTheSmallestCopyByTheKeepOrder() {
    CustomerChange fromSource2 = upsert("C1", 2, "Ana", "batch-2");
    CustomerChange fromSource1 = upsert("C1", 2, "Ana X", "batch-1");
    CustomerChange exactCopy = upsert("C1", 2, "Ana X", "batch-1");
    CustomerChange deleteFromSource3 = delete("C1", 2).toBuilder().setSource("batch-3").build();

    for (List<CustomerChange> batch : List.of(
        List.of(fromSource2, fromSource1, exactCopy, deleteFromSource3),
        List.of(deleteFromSource3, exactCopy, fromSource2, fromSource1))) {
      HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(), batch);

      assertEquals(List.of(current(fromSource1)), merge.changed());
      assertEquals(List.of(exactCopy, fromSource2, deleteFromSource3), merge.duplicates());
      assertEquals(List.of(), merge.unchanged());
      assertCounts(merge, 1, 0, 0);
    }
  }

  @Test
  public void copyOfAStoredChangeLosesToTheStoredOne() {
    // Smaller by the keep order than the stored record, yet the stored change wins.
    CustomerChange resentA1 = upsert("C1", 1, "Ana", "batch-0");
    List<Version<CustomerChange>> stored = List.of(current(A1));

    HistoryRules.Merge<CustomerChange> merge = RULES.merge(stored, List.of(resentA1));

    assertEquals(List.of(), merge.changed());
    assertEquals(stored, merge.unchanged());
    assertEquals(List.of(resentA1), merge.duplicates());
    assertEquals(Set.of(), merge.changedKeys());
    assertEquals(Set.of("C1"), merge.unchangedKeys());
    assertCounts(merge, 0, 0, 0);
  }

  @Test
  public void rerunningABatchChangesNothing() {
    List<CustomerChange> batch = List.of(A1, B3, delete("C1", 5), upsert("C1", 7, "Ana D"), delete("C1", 9),
        upsert("C2", 2, "Bo"), delete("C3", 4));
    HistoryRules.Merge<CustomerChange> first = RULES.merge(List.of(), batch);
    List<Version<CustomerChange>> stored = List.of(closed(A1, 3), closed(B3, 5), closed(upsert("C1", 7, "Ana D"), 9),
        current(upsert("C2", 2, "Bo")));
    assertEquals(stored, first.changed());
    assertCounts(first, 4, 3, 1);

    List<CustomerChange> reversed = new ArrayList<>(batch);
    Collections.reverse(reversed);
    HistoryRules.Merge<CustomerChange> rerun = RULES.merge(stored, reversed);

    assertEquals(List.of(), rerun.changed());
    assertEquals(stored, rerun.unchanged());
    // C3's DELETE closed nothing and left no trace, so it is not a duplicate: it closes nothing again.
    assertEquals(List.of(A1, B3, delete("C1", 5), upsert("C1", 7, "Ana D"), delete("C1", 9), upsert("C2", 2, "Bo")),
        rerun.duplicates());
    assertEquals(Set.of("C1", "C2", "C3"), rerun.unchangedKeys());
    assertCounts(rerun, 0, 0, 1);
  }

  @Test
  public void deleteClosesTheCurrentVersion() {
    HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(current(A1)), List.of(delete("C1", 4)));

    assertEquals(List.of(closed(A1, 4)), merge.changed());
    assertNothingElse(merge, Set.of("C1"), Set.of());
    assertCounts(merge, 0, 1, 0);
  }

  @Test
  public void lateDeleteSplitsTheStoredVersionItFallsIn() {
    // Stored: A [1,5), C [5,-). A DELETE on day 3 ends A there; nothing is valid on days 3 and 4.
    HistoryRules.Merge<CustomerChange> merge =
        RULES.merge(List.of(closed(A1, 5), current(C5)), List.of(delete("C1", 3)));

    assertEquals(List.of(closed(A1, 3), current(C5)), merge.changed());
    assertCounts(merge, 0, 1, 0);
  }

  @Test
  public void deleteBeforeAnyUpsertClosesNothingAndIsCounted() {
    HistoryRules.Merge<CustomerChange> alone = RULES.merge(List.of(), List.of(delete("C1", 2)));
    HistoryRules.Merge<CustomerChange> thenUpsert = RULES.merge(List.of(), List.of(B3, delete("C1", 2)));
    HistoryRules.Merge<CustomerChange> beforeStored = RULES.merge(List.of(current(B3)), List.of(delete("C1", 2)));

    assertEquals(List.of(), alone.changed());
    assertNothingElse(alone, Set.of(), Set.of("C1"));
    assertCounts(alone, 0, 0, 1);
    assertEquals(List.of(current(B3)), thenUpsert.changed());
    assertCounts(thenUpsert, 1, 0, 1);
    assertEquals(List.of(current(B3)), beforeStored.unchanged());
    assertEquals(Set.of("C1"), beforeStored.unchangedKeys());
    assertCounts(beforeStored, 0, 0, 1);
  }

  @Test
  public void deleteAfterADeleteClosesNothingAndIsCounted() {
    List<Version<CustomerChange>> stored = List.of(closed(A1, 3));

    HistoryRules.Merge<CustomerChange> merge = RULES.merge(stored, List.of(delete("C1", 5)));

    assertEquals(stored, merge.unchanged());
    assertNothingElse(merge, Set.of(), Set.of("C1"));
    assertCounts(merge, 0, 0, 1);
  }

  @Test
  public void upsertAfterADeleteRecreatesTheEntity() {
    CustomerChange again = upsert("C1", 6, "Ana again");

    HistoryRules.Merge<CustomerChange> merge = RULES.merge(List.of(closed(A1, 4)), List.of(again));
    HistoryRules.Merge<CustomerChange> inOneBatch = RULES.merge(List.of(), List.of(again, delete("C1", 4), A1));

    assertEquals(List.of(closed(A1, 4), current(again)), merge.changed());
    assertCounts(merge, 1, 0, 0);
    assertEquals(List.of(closed(A1, 4), current(again)), inOneBatch.changed());
    assertCounts(inOneBatch, 2, 1, 0);
  }

  @Test
  public void changesAtTheTimeOfAStoredDeleteAreDuplicates() {
    List<Version<CustomerChange>> stored = List.of(closed(A1, 4));
    CustomerChange upsertOnDay4 = upsert("C1", 4, "Ana B");

    HistoryRules.Merge<CustomerChange> merge = RULES.merge(stored, List.of(delete("C1", 4), upsertOnDay4));

    assertEquals(stored, merge.unchanged());
    // Both are duplicates; listed by the keep order (op DELETE before UPSERT).
    assertEquals(List.of(delete("C1", 4), upsertOnDay4), merge.duplicates());
    assertNothingElseChanged(merge);
    assertCounts(merge, 0, 0, 0);
  }

  @Test
  public void keysAreIndependent() {
    CustomerChange p2 = upsert("C2", 2, "Bo");
    CustomerChange q3 = upsert("C2", 3, "Bo B");

    // Both keys change on day 3: not duplicates of each other.
    HistoryRules.Merge<CustomerChange> merge =
        RULES.merge(List.of(current(p2), current(A1)), List.of(q3, B3));

    assertEquals(List.of(closed(A1, 3), current(B3), closed(p2, 3), current(q3)), merge.changed());
    assertNothingElse(merge, Set.of("C1", "C2"), Set.of());
    assertCounts(merge, 2, 2, 0);
  }

  @Test
  public void batchTouchingSomeKeysReportsTheOthersUnchanged() {
    CustomerChange p2 = upsert("C2", 2, "Bo");
    CustomerChange r1 = upsert("C3", 1, "Cy");
    List<Version<CustomerChange>> stored = List.of(current(p2), current(A1), closed(r1, 2));

    HistoryRules.Merge<CustomerChange> merge = RULES.merge(stored, List.of(B3));

    assertEquals(List.of(closed(A1, 3), current(B3)), merge.changed());
    assertEquals(List.of(current(p2), closed(r1, 2)), merge.unchanged());
    assertEquals(Set.of("C1"), merge.changedKeys());
    assertEquals(Set.of("C2", "C3"), merge.unchangedKeys());
    assertEquals(List.of(), merge.duplicates());
    assertCounts(merge, 1, 1, 0);
  }

  @Test
  public void changesOfRecoversTheUpsertsAndTheImpliedDeletes() {
    CustomerChange d7 = upsert("C1", 7, "Ana D");
    CustomerChange p2 = upsert("C2", 2, "Bo");
    // Shuffled: C1 A [1,3), B [3,5), D [7,-) (deleted on day 5); C2 P [2,4) (deleted on day 4).
    List<Version<CustomerChange>> stored = List.of(current(d7), closed(p2, 4), closed(B3, 5), closed(A1, 3));

    assertEquals(
        List.of(Change.upsert("C1", day(1), A1), Change.upsert("C1", day(3), B3),
            Change.<CustomerChange>delete("C1", day(5), null), Change.upsert("C1", day(7), d7),
            Change.upsert("C2", day(2), p2), Change.<CustomerChange>delete("C2", day(4), null)),
        RULES.changesOf(stored));
  }

  @Test
  public void versionsOfChangesOfGivesBackTheStoredVersions() {
    List<List<Version<CustomerChange>>> histories = List.of(
        List.of(),
        List.of(current(A1)),
        List.of(closed(A1, 2)),
        List.of(closed(A1, 3), closed(B3, 5), current(C5)),
        List.of(closed(A1, 2), closed(B3, 4), closed(C5, 6)),
        List.of(closed(A1, 2), closed(B3, 5), current(C5), closed(upsert("C2", 1, "Bo"), 9),
            current(upsert("C2", 10, "Bo B"))));
    for (List<Version<CustomerChange>> history : histories) {
      assertEquals(history, RULES.versionsOf(RULES.changesOf(history)));
    }
  }

  @Test
  public void versionsOfOrdersByKeyThenTime() {
    CustomerChange p2 = upsert("C2", 2, "Bo");

    assertEquals(List.of(closed(A1, 3), current(B3), current(p2)),
        RULES.versionsOf(List.of(RULES.changeOf(p2), RULES.changeOf(B3), RULES.changeOf(A1))));
  }

  @Test
  public void versionsOfRefusesTwoChangesOfAKeyAtOneInstant() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RULES.versionsOf(List.of(RULES.changeOf(A1), RULES.changeOf(delete("C1", 1)))));
    assertThat(e.getMessage(), containsString("two changes of key C1 at 2026-11-01T00:00:00.000Z"));
  }

  @Test
  public void storedVersionsThatAreNotAHistoryAreRefused() {
    Map<String, List<Version<CustomerChange>>> refused = new TreeMap<>();
    refused.put("valid from day 1 holds a change updated at 2026-11-03",
        List.of(Version.current(B3, day(1))));
    refused.put("valid from 2026-11-01T00:00:00.000Z holds a DELETE", List.of(current(delete("C1", 1))));
    refused.put("ends at 2026-11-01T00:00:00.000Z, not after it starts", List.of(closed(A1, 1)));
    refused.put("valid until 2026-11-04T00:00:00.000Z, past the next version's start 2026-11-03",
        List.of(closed(A1, 4), current(B3)));
    refused.put("valid until now, past the next version's start 2026-11-03",
        List.of(current(A1), current(B3)));
    refused.put("two stored versions of key C1 valid from 2026-11-01",
        List.of(closed(A1, 2), current(upsert("C1", 1, "Other"))));
    refused.forEach((message, stored) -> {
      IllegalArgumentException merge =
          assertThrows(IllegalArgumentException.class, () -> RULES.merge(stored, List.of()));
      IllegalArgumentException changes = assertThrows(IllegalArgumentException.class, () -> RULES.changesOf(stored));
      assertThat(merge.getMessage(), containsString(message.replace("day 1", "2026-11-01T00:00:00.000Z")));
      assertEquals(merge.getMessage(), changes.getMessage());
    });
  }

  @Test
  public void recordWithoutKeyOrTimeIsRefused() {
    HistoryRules<CustomerChange> noKey =
        HistoryRules.of(c -> null, CustomerChange::getUpdatedAt, CustomerChange::isDelete, CustomerChange.KEEP_ORDER);
    HistoryRules<CustomerChange> noUpdatedAt =
        HistoryRules.of(CustomerChange::getCustomerId, c -> null, CustomerChange::isDelete, CustomerChange.KEEP_ORDER);

    assertThat(assertThrows(IllegalArgumentException.class, () -> noKey.merge(List.of(), List.of(A1))).getMessage(),
        containsString("change record has no entity key"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> noUpdatedAt.merge(List.of(), List.of(A1, B3))).getMessage(),
        containsString("change record has no updated_at"));
  }

  @Test
  public void rulesAreSerializable() {
    HistoryRules<CustomerChange> copy = SerializableUtils.ensureSerializable(RULES);

    assertEquals(List.of(closed(A1, 3), current(B3)), copy.merge(List.of(current(A1)), List.of(B3)).changed());
  }

  private static void assertNothingElse(
      HistoryRules.Merge<CustomerChange> merge, Set<String> changedKeys, Set<String> unchangedKeys) {
    assertEquals(List.of(), merge.duplicates());
    if (changedKeys.isEmpty()) {
      assertEquals(List.of(), merge.changed());
    } else {
      assertEquals(List.of(), merge.unchanged());
    }
    assertEquals(changedKeys, merge.changedKeys());
    assertEquals(unchangedKeys, merge.unchangedKeys());
  }

  private static void assertNothingElseChanged(HistoryRules.Merge<CustomerChange> merge) {
    assertEquals(List.of(), merge.changed());
    assertEquals(Set.of(), merge.changedKeys());
  }

  private static void assertCounts(
      HistoryRules.Merge<CustomerChange> merge, long opened, long closed, long deletesWithoutVersion) {
    assertEquals(
        List.of("opened " + opened, "closed " + closed, "deletes without version " + deletesWithoutVersion),
        List.of("opened " + merge.versionsOpened(), "closed " + merge.versionsClosed(),
            "deletes without version " + merge.deletesWithoutVersion()));
  }
}
