package dev.finpipe.delta;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
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
        table.everCommittedPaths());
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
}
