package dev.finpipe.pipelines.maintenance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.Tables;
import dev.finpipe.model.Transaction;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.testing.SilverFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AutoCompactTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String warehouse;
  private DeltaTable silver;
  private int runs;

  @Before
  public void setUp() {
    warehouse = tmp.getRoot().getAbsolutePath();
    silver = DeltaTable.at(warehouse, Tables.SILVER);
  }

  /** One silver commit of one file, as a stage's batch would make it; the report it would give. */
  private RunReport batch(String date, int run) {
    List<Transaction> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // Event times of the runs interleave, so only a sort puts them in order.
      rows.add(SilverFiles.tx("b" + run + "-" + i, "U-" + i, "3.5" + i, String.format("%sT%02d:%02d:00Z", date, i, run)));
    }
    String runId = "silver-t" + runs;
    SilverFiles.write(warehouse, runId, 0, rows);
    long version = silver.commit(TableCommit.builder().setAppId("silver").setAppVersion(runs++)
        .setAdds(RunFiles.find(warehouse, Tables.SILVER, runId)).build()).getAsLong();
    return new RunReport("silver", runId, "test").table(Tables.SILVER.path(), rows.size(), 1, version, "");
  }

  private List<String> content() {
    return OptimizeTest.silverContent(warehouse);
  }

  private Map<String, Long> filesPerDate() {
    return OptimizeTest.filesPerDate(silver);
  }

  private long optimizeFilesOnDisk() {
    return RunFiles.listDataFiles(warehouse, Tables.SILVER).stream()
        .filter(f -> f.getPath().getName().startsWith("part-optimize-")).count();
  }

  @Test
  public void aPartitionWithMoreSmallFilesThanTheThresholdIsCompactedSortedAfterTheBatch() {
    for (int run = 0; run < 3; run++) {
      batch("2026-11-20", run);
    }
    batch("2026-11-21", 0);
    RunReport last = batch("2026-11-20", 3); // the fourth small file of 2026-11-20
    List<String> before = content();
    long version = silver.version();

    AutoCompact.run(warehouse, 3, List.of(last), () -> {});

    assertEquals(version + 1, silver.version());
    assertEquals(Map.of("2026-11-20", 1L, "2026-11-21", 1L), filesPerDate());
    assertEquals(before, content());
    DataFile merged = silver.liveFiles(java.util.Set.of("2026-11-20")).get(0);
    List<Long> times = new ArrayList<>();
    TableSnapshots.forEachRowOf(List.of(silver.absolutePath(merged)), null, r -> times.add((Long) r.get("event_time")));
    assertEquals(times.stream().sorted().collect(Collectors.toList()), times); // silver's cluster key
    assertEquals(12, times.size());
    assertEquals(DeltaTable.OPTIMIZE, silver.history(version + 1).get(0).operationMetrics().get("operation"));
    assertEquals(List.of(), silver.filesAddedBetween(version, version + 1)); // gold sees no new rows
    assertTrue(last.render(), last.render().contains(
        "auto compaction of silver/transactions (event_date in [2026-11-20]): 4 files into 1, version " + (version + 1)));

    // At the threshold nothing is done: 2026-11-20 now holds 1 + 2 small files.
    last = batch("2026-11-20", 4);
    batch("2026-11-20", 5);
    AutoCompact.run(warehouse, 3, List.of(last), () -> {});
    assertEquals(version + 3, silver.version());
  }

  @Test
  public void aConflictingCommitMakesItGiveUpCleanlyAndTheBatchStands() {
    RunReport last = null;
    for (int run = 0; run < 5; run++) {
      last = batch("2026-11-20", run);
    }
    long version = silver.version();
    Runnable removeAFile = () -> {
      DeltaTable.Rewrite other = silver.startRewrite();
      other.commit(List.of(other.liveFiles().get(0)), List.of(), Map.of());
    };

    AutoCompact.run(warehouse, 1, List.of(last), removeAFile);

    assertEquals(version + AutoCompact.MAX_ATTEMPTS, silver.version()); // only the other writer's commits
    assertEquals(Map.of("2026-11-20", 5L - AutoCompact.MAX_ATTEMPTS), filesPerDate());
    assertEquals(0, optimizeFilesOnDisk());
    assertTrue(last.render(), last.render().contains("auto compaction of silver/transactions (event_date in"
        + " [2026-11-20]): concurrent commits kept removing its files; gave up after 3 attempts, the table is unchanged"));
  }

  @Test
  public void offByDefaultAndANegativeThresholdIsRefused() {
    Supplier<RunReport> batch = () -> batch("2026-11-20", 0);
    assertSame(batch, AutoCompact.after(warehouse, 0, batch));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AutoCompact.after(warehouse, -1, batch));
    assertEquals("--autoCompact must be 0 (off) or a number of small files, got -1", e.getMessage());
  }
}
