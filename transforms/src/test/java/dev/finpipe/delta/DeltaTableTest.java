package dev.finpipe.delta;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.io.DataFile;
import dev.finpipe.io.Tables;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.joda.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DeltaTableTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String warehouse;

  @Before
  public void setUp() {
    warehouse = tmp.getRoot().getAbsolutePath();
  }

  private static DataFile file(String date, String name, long rows, String maxEventTime) {
    return DataFile.of(
        "date=" + date + "/" + name, date, 100, 1_000L, rows, maxEventTime == null ? null : Instant.parse(maxEventTime));
  }

  private static TableCommit append(String appId, long version, List<DataFile> files, Map<String, Long> progress) {
    return TableCommit.builder().setAppId(appId).setAppVersion(version).setAdds(files).setProgress(progress).build();
  }

  @Test
  public void firstCommitCreatesTheTableWithItsSchema() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS);
    assertFalse(table.exists());
    assertEquals(-1, table.version());
    assertEquals(-1, table.appVersion("app"));

    OptionalLong version = table.commit(append("app", 0, List.of(file("2026-11-22", "a.parquet", 3, null)), Map.of()));

    assertEquals(OptionalLong.of(0), version);
    assertTrue(table.exists());
    assertEquals(0, table.version());
    assertEquals(0, table.appVersion("app"));
    assertEquals(List.of(file("2026-11-22", "a.parquet", 3, null)), table.liveFiles(null));
  }

  @Test
  public void repeatingACommitIsANoOp() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS);
    TableCommit commit = append("app", 5, List.of(file("2026-11-22", "a.parquet", 3, null)), Map.of());
    assertEquals(OptionalLong.of(0), table.commit(commit));

    assertEquals(OptionalLong.empty(), table.commit(commit));
    assertEquals(OptionalLong.empty(), table.commit(append("app", 4, List.of(file("2026-11-22", "b.parquet", 1, null)), Map.of())));

    assertEquals(0, table.version());
    assertEquals(1, table.liveFiles(null).size());
  }

  @Test
  public void progressMarkersAreCommittedWithTheData() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.BRONZE);
    table.commit(append("bronze", 0, List.of(file("2026-11-22", "a.parquet", 2, null)), Map.of("kafka:tx/0", 42L, "kafka:tx/1", 7L)));

    assertEquals(42, table.appVersion("kafka:tx/0"));
    assertEquals(7, table.appVersion("kafka:tx/1"));
    assertEquals(-1, table.appVersion("kafka:tx/2"));
  }

  @Test
  public void replacingPartitionsRemovesOnlyTheirLiveFiles() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    table.commit(
        append("gold", 0, List.of(file("2026-11-21", "old-21.parquet", 1, null), file("2026-11-22", "old-22.parquet", 1, null)), Map.of()));

    table.commit(
        TableCommit.builder()
            .setAppId("gold")
            .setAppVersion(1)
            .setAdds(List.of(file("2026-11-22", "new-22.parquet", 2, null)))
            .setReplacePartitions(Set.of("2026-11-22"))
            .build());

    assertEquals(
        Set.of("date=2026-11-21/old-21.parquet", "date=2026-11-22/new-22.parquet"),
        table.liveFiles(null).stream().map(DataFile::relativePath).collect(Collectors.toSet()));
    assertEquals(
        Set.of("date=2026-11-21/old-21.parquet", "date=2026-11-22/old-22.parquet", "date=2026-11-22/new-22.parquet"),
        table.referencedPaths());
  }

  @Test
  public void filesAddedBetweenVersionsAreThoseOfTheRange() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.SILVER);
    table.commit(append("silver", 0, List.of(file("2026-11-20", "v0.parquet", 1, "2026-11-20T10:00:00Z")), Map.of()));
    table.commit(append("silver", 1, List.of(file("2026-11-21", "v1.parquet", 1, "2026-11-21T10:00:00Z")), Map.of()));
    table.commit(append("silver", 2, List.of(file("2026-11-22", "v2.parquet", 1, "2026-11-22T09:30:00Z")), Map.of()));

    assertEquals(List.of(file("2026-11-21", "v1.parquet", 1, "2026-11-21T10:00:00Z"), file("2026-11-22", "v2.parquet", 1, "2026-11-22T09:30:00Z")),
        table.filesAddedBetween(0, 2));
    assertEquals(List.of(file("2026-11-20", "v0.parquet", 1, "2026-11-20T10:00:00Z")), table.filesAddedBetween(-1, 0));
    assertEquals(List.of(), table.filesAddedBetween(2, 2));
    assertEquals(Instant.parse("2026-11-22T09:30:00Z"), table.maxEventTime());
  }

  @Test
  public void aLongLivedInstanceSeesCommitsOfOtherWriters() {
    DeltaTable reader = DeltaTable.at(warehouse, Tables.BRONZE);
    assertFalse(reader.exists());

    DeltaTable.at(warehouse, Tables.BRONZE)
        .commit(append("bronze", 0, List.of(file("2026-11-22", "a.parquet", 2, null)), Map.of("kafka:tx/0", 2L)));

    assertTrue(reader.exists());
    assertEquals(2, reader.appVersion("kafka:tx/0"));
    assertEquals(0, reader.version());
  }

  @Test
  public void historyGivesEachVersionItsCommitTimeAndAppVersions() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.BRONZE);
    assertEquals(List.of(), table.history());
    long before = System.currentTimeMillis();
    table.commit(append("bronze", 0, List.of(file("2026-11-22", "a.parquet", 2, null)), Map.of("kafka:tx/0", 42L, "kafka:tx/1", 7L))
        .toBuilder().setMetrics(Map.of("runId", "bronze-1", "numOutputRows", "2")).build());
    table.commit(append("bronze", 1, List.of(file("2026-11-22", "b.parquet", 1, null)), Map.of("kafka:tx/1", 9L)));
    table.commit(append("bronze", 1, List.of(file("2026-11-22", "c.parquet", 1, null)), Map.of("kafka:tx/1", 10L)));
    long after = System.currentTimeMillis();

    List<TableVersion> history = table.history();

    assertEquals(List.of(0L, 1L), history.stream().map(TableVersion::version).collect(Collectors.toList()));
    assertEquals(Map.of("bronze", 0L, "kafka:tx/0", 42L, "kafka:tx/1", 7L), history.get(0).appVersions());
    assertEquals(Map.of("bronze", 1L, "kafka:tx/1", 9L), history.get(1).appVersions());
    for (TableVersion version : history) {
      long at = version.committedAt().getMillis();
      assertTrue(version + " committed between " + before + " and " + after, at >= before && at <= after);
    }
    assertFalse(history.get(1).committedAt().isBefore(history.get(0).committedAt()));
    assertEquals("WRITE", history.get(0).operation());
    assertEquals(Map.of("runId", "bronze-1", "numOutputRows", "2"), history.get(0).operationMetrics());
    assertEquals(Map.of(), history.get(1).operationMetrics());
  }

  @Test
  public void emptyTableHasNoWatermark() {
    assertNull(DeltaTable.at(warehouse, Tables.SILVER).maxEventTime());
  }

  @Test
  public void everyTenthCommitWritesACheckpointAndOpeningNeedsOnlyItAndTheCommitsAfter() throws Exception {
    DeltaTable table = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    table.commit(append("gold", 0, List.of(file("2026-11-20", "old.parquet", 1, null)), Map.of()));
    table.commit(
        TableCommit.builder().setAppId("gold").setAppVersion(1).setAdds(List.of(file("2026-11-20", "new.parquet", 1, null)))
            .setReplacePartitions(Set.of("2026-11-20")).build());
    long removedBy = System.currentTimeMillis();
    for (int v = 2; v < 12; v++) {
      table.commit(append("gold", v, List.of(file("2026-11-21", "f" + v + ".parquet", 1, null)), Map.of("kafka:tx/0", 100L + v)));
    }
    java.nio.file.Path logDir = java.nio.file.Path.of(warehouse, Tables.GOLD_DAILY_USER_CURRENCY.path(), "_delta_log");
    assertTrue(java.nio.file.Files.exists(logDir.resolve(String.format("%020d.checkpoint.parquet", 10))));
    assertTrue(java.nio.file.Files.readString(logDir.resolve("_last_checkpoint")).contains("\"version\":10"));
    DeltaTable.LogFiles logFiles = table.logFiles();
    assertEquals(12, logFiles.commitFiles);
    assertEquals(1, logFiles.checkpoints);
    assertEquals(10, logFiles.lastCheckpoint);
    assertEquals(1, logFiles.commitsAfterCheckpoint);

    // Without the commits the checkpoint covers, a new reader still opens the table whole: it never reads them.
    for (int v = 0; v < 10; v++) {
      java.nio.file.Files.delete(logDir.resolve(String.format("%020d.json", v)));
    }
    DeltaTable reopened = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    assertEquals(11, reopened.version());
    assertEquals(11, reopened.appVersion("gold"));
    assertEquals(111, reopened.appVersion("kafka:tx/0"));
    assertEquals(11, reopened.liveFiles(null).size());
    // The tombstone of the replaced file lives on in the checkpoint: still referenced, and due only after its removal.
    assertTrue(reopened.referencedPaths().contains("date=2026-11-20/old.parquet"));
    assertEquals(12, reopened.referencedPaths().size());
    assertEquals(Set.of("date=2026-11-20/old.parquet"), reopened.removedAtOrBefore(System.currentTimeMillis()));
    assertEquals(Set.of(), reopened.removedAtOrBefore(removedBy - 60_000));
    // History starts at the oldest commit still on disk.
    assertEquals(List.of(10L, 11L), reopened.history().stream().map(TableVersion::version).collect(Collectors.toList()));
  }

  @Test
  public void rowsAddedByVersionCountsEachVersionsNewRowsAndNoneForARewrite() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.BRONZE);
    assertEquals(Map.of(), table.rowsAddedByVersion(-1, 5)); // no table yet
    table.commit(append("bronze", 0, List.of(file("2026-11-20", "a.parquet", 4, null)), Map.of()));
    table.commit(append("bronze", 1,
        List.of(file("2026-11-20", "b.parquet", 2, null), file("2026-11-21", "c.parquet", 3, null)), Map.of()));
    DeltaTable.Rewrite rewrite = table.startRewrite();
    rewrite.commit(rewrite.liveFiles(), List.of(file("2026-11-20", "merged.parquet", 9, null)), Map.of());
    table.commit(append("bronze", 2, List.of(file("2026-11-22", "d.parquet", 7, null)), Map.of()));

    assertEquals(Map.of(0L, 4L, 1L, 5L, 2L, 0L, 3L, 7L), table.rowsAddedByVersion(-1, 3));
    assertEquals(List.of(1L, 2L), List.copyOf(table.rowsAddedByVersion(0, 2).keySet()));
    assertEquals(Map.of(), table.rowsAddedByVersion(3, 3));
  }

  @Test
  public void aRewriteIsNeitherNewDataNorATakeBackForIncrementalReaders() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.SILVER);
    table.commit(append("silver", 0, List.of(file("2026-11-20", "a.parquet", 1, "2026-11-20T10:00:00Z")), Map.of()));
    table.commit(append("silver", 1, List.of(file("2026-11-20", "b.parquet", 2, "2026-11-20T11:00:00Z")), Map.of()));
    DeltaTable.Rewrite rewrite = table.startRewrite();
    assertEquals(1, rewrite.readVersion());
    DataFile merged = file("2026-11-20", "merged.parquet", 3, "2026-11-20T11:00:00Z");
    long version = rewrite.commit(rewrite.liveFiles(), List.of(merged), Map.of("runId", "optimize-1"));

    assertEquals(2, version);
    assertEquals(List.of(merged), table.liveFiles(null));
    // A reader that consumed version 0 still gets b's rows (from b, kept on disk), and none twice from merged.
    assertEquals(List.of(file("2026-11-20", "b.parquet", 2, "2026-11-20T11:00:00Z")), table.filesAddedBetween(0, 2));
    assertEquals(List.of(), table.filesAddedBetween(1, 2));
    assertEquals(Instant.parse("2026-11-20T11:00:00Z"), table.maxEventTime());
    TableVersion optimize = table.history().get(2);
    assertEquals(DeltaTable.OPTIMIZE, optimize.operationMetrics().get("operation"));
    assertEquals(Map.of(), optimize.appVersions());
    // Time travel still sees the files as they were.
    assertEquals(2, table.liveFilesAt(1).size());
  }

  @Test
  public void aRewriteFailsWhenAConcurrentCommitRemovedItsFilesButNotBesideAnAppend() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY);
    table.commit(append("gold", 0, List.of(file("2026-11-20", "a.parquet", 1, null), file("2026-11-20", "b.parquet", 1, null)), Map.of()));

    DeltaTable.Rewrite besideAppend = table.startRewrite();
    DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY)
        .commit(append("gold", 1, List.of(file("2026-11-21", "c.parquet", 1, null)), Map.of()));
    besideAppend.commit(besideAppend.liveFiles(), List.of(file("2026-11-20", "ab.parquet", 2, null)), Map.of());
    assertEquals(
        Set.of("date=2026-11-20/ab.parquet", "date=2026-11-21/c.parquet"),
        table.liveFiles(null).stream().map(DataFile::relativePath).collect(Collectors.toSet()));

    DeltaTable.Rewrite beforeReplace = table.startRewrite();
    DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY)
        .commit(TableCommit.builder().setAppId("gold").setAppVersion(2).setAdds(List.of(file("2026-11-20", "d.parquet", 5, null)))
            .setReplacePartitions(Set.of("2026-11-20")).build());
    try {
      beforeReplace.commit(
          List.of(file("2026-11-20", "ab.parquet", 2, null)), List.of(file("2026-11-20", "ab2.parquet", 2, null)), Map.of());
      org.junit.Assert.fail("a rewrite of files a concurrent commit removed must not commit");
    } catch (java.util.ConcurrentModificationException expected) {
      // the replaced partition keeps only the concurrent commit's file
    }
    assertEquals(
        Set.of("date=2026-11-20/d.parquet", "date=2026-11-21/c.parquet"),
        table.liveFiles(null).stream().map(DataFile::relativePath).collect(Collectors.toSet()));
  }

  @Test
  public void versionsAsOfATimeAreThoseCommittedByThen() throws Exception {
    DeltaTable table = DeltaTable.at(warehouse, Tables.SILVER);
    table.commit(append("silver", 0, List.of(file("2026-11-20", "a.parquet", 1, null)), Map.of()));
    table.commit(append("silver", 1, List.of(file("2026-11-20", "b.parquet", 1, null)), Map.of()));
    // Delta times versions by their commit files' modification times: set them 30 s and 10 s ago.
    long now = System.currentTimeMillis();
    java.nio.file.Path logDir = java.nio.file.Path.of(warehouse, Tables.SILVER.path(), "_delta_log");
    java.nio.file.Files.setLastModifiedTime(logDir.resolve(String.format("%020d.json", 0)), java.nio.file.attribute.FileTime.fromMillis(now - 30_000));
    java.nio.file.Files.setLastModifiedTime(logDir.resolve(String.format("%020d.json", 1)), java.nio.file.attribute.FileTime.fromMillis(now - 10_000));
    DeltaTable reader = DeltaTable.at(warehouse, Tables.SILVER);

    assertEquals(-1, reader.versionAsOf(new Instant(now - 40_000)));
    assertEquals(0, reader.versionAsOf(new Instant(now - 30_000)));
    assertEquals(0, reader.versionAsOf(new Instant(now - 20_000)));
    assertEquals(1, reader.versionAsOf(new Instant(now)));
    assertEquals(List.of(file("2026-11-20", "a.parquet", 1, null)), reader.liveFilesAt(0));
  }

  @Test
  public void aNewNullableColumnJoinsTheSchemaWithTheFirstCommitThatHasIt() {
    dev.finpipe.io.TableSpec v1 =
        dev.finpipe.io.TableSpec.of("t/evolving", "date", dev.finpipe.io.TableSpec.Column.required("id", dev.finpipe.io.TableSpec.Type.STRING));
    dev.finpipe.io.TableSpec v2 =
        dev.finpipe.io.TableSpec.of("t/evolving", "date", dev.finpipe.io.TableSpec.Column.required("id", dev.finpipe.io.TableSpec.Type.STRING),
            dev.finpipe.io.TableSpec.Column.optional("note", dev.finpipe.io.TableSpec.Type.STRING));
    dev.finpipe.io.TableSpec required =
        dev.finpipe.io.TableSpec.of("t/evolving", "date", dev.finpipe.io.TableSpec.Column.required("id", dev.finpipe.io.TableSpec.Type.STRING),
            dev.finpipe.io.TableSpec.Column.optional("note", dev.finpipe.io.TableSpec.Type.STRING),
            dev.finpipe.io.TableSpec.Column.required("code", dev.finpipe.io.TableSpec.Type.INT));
    DeltaTable.at(warehouse, v1).commit(append("w", 0, List.of(file("2026-11-20", "a.parquet", 1, null)), Map.of()));
    assertEquals(List.of("id", "date"), DeltaTable.at(warehouse, v1).columnNames());

    DeltaTable.at(warehouse, v2).commit(append("w", 1, List.of(file("2026-11-20", "b.parquet", 1, null)), Map.of()));
    assertEquals(List.of("id", "note", "date"), DeltaTable.at(warehouse, v2).columnNames());
    assertEquals(1, DeltaTable.at(warehouse, v2).version());

    try {
      DeltaTable.at(warehouse, required).commit(append("w", 2, List.of(file("2026-11-20", "c.parquet", 1, null)), Map.of()));
      org.junit.Assert.fail("a new required column must be refused");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("new column code must be nullable"));
    }
    try {
      DeltaTable.at(warehouse, v1).commit(append("w", 2, List.of(file("2026-11-20", "c.parquet", 1, null)), Map.of()));
      org.junit.Assert.fail("a dropped column must be refused");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("column note is string in the table but absent from the spec"));
    }
    assertEquals(1, DeltaTable.at(warehouse, v2).version());
  }

  @Test
  public void liveFilesMayContainKeysKeepsFilesWhoseBoundsHoldAKeyAndFilesWithoutBounds() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.SILVER);
    DataFile c100to199 = withStats("a.parquet", "{\"numRecords\":2,\"minValues\":{\"account_id\":\"C100\"},"
        + "\"maxValues\":{\"account_id\":\"C199\"},\"nullCount\":{\"account_id\":0}}");
    DataFile c200to299 = withStats("b.parquet", "{\"numRecords\":2,\"minValues\":{\"account_id\":\"C200\"},"
        + "\"maxValues\":{\"account_id\":\"C299\"},\"nullCount\":{\"account_id\":0}}");
    DataFile noStats = withStats("c.parquet", null);
    DataFile otherColumnOnly = withStats("d.parquet", "{\"numRecords\":2,\"minValues\":{\"user_id\":\"U1\"},"
        + "\"maxValues\":{\"user_id\":\"U9\"},\"nullCount\":{\"account_id\":0}}");
    // A max truncated by FileStats: "B" then U+10FFFF. "B\uFFFF" is below it in code point order, above it in UTF-16.
    DataFile truncatedMax = withStats("e.parquet", "{\"numRecords\":2,\"minValues\":{\"account_id\":\"A\"},"
        + "\"maxValues\":{\"account_id\":\"B\udbff\udfff\"},\"nullCount\":{\"account_id\":0}}");
    DataFile removed = withStats("f.parquet", "{\"numRecords\":2,\"minValues\":{\"account_id\":\"C150\"},"
        + "\"maxValues\":{\"account_id\":\"C150\"},\"nullCount\":{\"account_id\":0}}");
    table.commit(append("app", 0, List.of(removed), Map.of()));
    table.commit(TableCommit.builder().setAppId("app").setAppVersion(1)
        .setAdds(List.of(c100to199, c200to299, noStats, otherColumnOnly, truncatedMax))
        .setReplacePartitions(Set.of("2026-11-22")).setProgress(Map.of()).build());

    assertEquals(Set.of("a.parquet", "c.parquet", "d.parquet", "e.parquet"),
        names(table.liveFilesMayContain("account_id", Set.of("C150", "C300", "B\uFFFF"))));
    assertEquals(Set.of("b.parquet", "c.parquet", "d.parquet"),
        names(table.liveFilesMayContain("account_id", List.of("C200"))));
    assertEquals(Set.of("a.parquet", "b.parquet", "c.parquet", "d.parquet"),
        names(table.liveFilesMayContain("account_id", List.of("C199", "C299"))));
    assertEquals(Set.of("c.parquet", "d.parquet"), names(table.liveFilesMayContain("account_id", List.of("C0", "Z"))));
    assertEquals(Set.of(), names(table.liveFilesMayContain("account_id", List.of())));
  }

  @Test
  public void liveFilesMayContainRefusesAColumnThatIsNotAStringColumn() {
    DeltaTable table = DeltaTable.at(warehouse, Tables.SILVER);

    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> table.liveFilesMayContain("customer_id", List.of("C1")));
    IllegalArgumentException notString =
        assertThrows(IllegalArgumentException.class, () -> table.liveFilesMayContain("amount", List.of("1")));
    assertEquals("No column customer_id in silver/transactions", missing.getMessage());
    assertEquals("amount of silver/transactions is not a string column", notString.getMessage());
  }

  private static DataFile withStats(String name, String stats) {
    return DataFile.of("event_date=2026-11-22/" + name, "2026-11-22", 100, 1_000L, 2, null, stats);
  }

  private static Set<String> names(List<DataFile> files) {
    return files.stream().map(f -> f.relativePath().substring(f.relativePath().lastIndexOf('/') + 1))
        .collect(Collectors.toSet());
  }
}
