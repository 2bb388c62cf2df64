package dev.finpipe.pipelines.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.Tables;
import dev.finpipe.testing.SilverFiles;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.fs.FileStatus;
import org.joda.time.Duration;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class VacuumTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String warehouse;

  @Before
  public void setUp() {
    warehouse = tmp.getRoot().getAbsolutePath();
    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    // Version 0: a file on each of two dates; version 1 replaces 2026-11-20's; a failed run's file is never committed.
    SilverFiles.write(warehouse, "silver-r0", 0, List.of(SilverFiles.tx("a", "U-1", "1.00", "2026-11-20T10:00:00Z")));
    SilverFiles.write(warehouse, "silver-r0", 1, List.of(SilverFiles.tx("b", "U-1", "2.00", "2026-11-21T10:00:00Z")));
    silver.commit(TableCommit.builder().setAppId("silver").setAppVersion(0)
        .setAdds(RunFiles.find(warehouse, Tables.SILVER, "silver-r0")).build());
    SilverFiles.write(warehouse, "silver-r1", 0, List.of(SilverFiles.tx("c", "U-1", "3.00", "2026-11-20T11:00:00Z")));
    silver.commit(TableCommit.builder().setAppId("silver").setAppVersion(1)
        .setAdds(RunFiles.find(warehouse, Tables.SILVER, "silver-r1")).setReplacePartitions(Set.of("2026-11-20")).build());
    SilverFiles.write(warehouse, "silver-failed", 0, List.of(SilverFiles.tx("d", "U-1", "4.00", "2026-11-21T12:00:00Z")));
  }

  private Set<String> filesOnDisk() {
    return RunFiles.listDataFiles(warehouse, Tables.SILVER).stream()
        .map(FileStatus::getPath).map(p -> p.getParent().getName() + "/" + p.getName().substring(0, p.getName().indexOf("-test")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Vacuum.Options options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(Vacuum.Options.class);
  }

  @Test
  public void theDefaultRetentionKeepsRecentlyRemovedFilesAndLeftoversGoOnceOld() {
    RunReport report = Vacuum.run(options("--warehouse=" + warehouse, "--olderThan=0s"));

    assertEquals(0, report.count("removed files past retention deleted from silver/transactions"));
    assertEquals(1, report.count("leftover files removed from silver/transactions"));
    assertEquals(
        Set.of("event_date=2026-11-20/part-silver-r0-00000", "event_date=2026-11-21/part-silver-r0-00001",
            "event_date=2026-11-20/part-silver-r1-00000"),
        filesOnDisk());
    // Time travel to version 0 still reads the replaced file.
    assertEquals(2, TableSnapshotsRows.at(warehouse, 0L));
  }

  @Test
  public void aRetentionPastTheRemovalDeletesTheRemovedFileOnly() {
    long removed = Vacuum.removeExpired(warehouse, Tables.SILVER, Duration.ZERO);

    assertEquals(1, removed);
    assertEquals(
        Set.of("event_date=2026-11-21/part-silver-r0-00001", "event_date=2026-11-20/part-silver-r1-00000",
            "event_date=2026-11-21/part-silver-failed-00000"),
        filesOnDisk());
    assertEquals(2, TableSnapshotsRows.at(warehouse, null));
    assertEquals(0, Vacuum.removeExpired(warehouse, Tables.SILVER, Duration.ZERO));
  }

  @Test
  public void aRetentionBelowAnHourNeedsForce() {
    try {
      Vacuum.run(options("--warehouse=" + warehouse, "--retain=30m"));
      fail("--retain=30m without --force must be refused");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("--retain=30m is below 1h"));
    }
    assertEquals(4, filesOnDisk().size());

    RunReport report = Vacuum.run(options("--warehouse=" + warehouse, "--retain=0s", "--force", "--olderThan=1h"));
    assertEquals(1, report.count("removed files past retention deleted from silver/transactions"));
    // The failed run's file is younger than --olderThan: kept for now.
    assertEquals(0, report.count("leftover files removed from silver/transactions"));
    assertEquals(3, filesOnDisk().size());
  }

  /** Row counts of silver read from its files, as of a version. */
  private static final class TableSnapshotsRows {
    static int at(String warehouse, Long version) {
      int[] rows = {0};
      TableSnapshots.forEachRowAt(warehouse, Tables.SILVER, version, (p, r) -> rows[0]++);
      return rows[0];
    }
  }
}
