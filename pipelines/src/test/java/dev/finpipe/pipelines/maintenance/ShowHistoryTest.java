package dev.finpipe.pipelines.maintenance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.medallion.ShowTables;
import dev.finpipe.testing.SilverFiles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ShowHistoryTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String warehouse;

  @Before
  public void setUp() {
    warehouse = tmp.getRoot().getAbsolutePath();
    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    SilverFiles.write(warehouse, "silver-r0", 0, List.of(SilverFiles.tx("a", "U-1", "1.00", "2026-11-20T10:00:00Z"),
        SilverFiles.tx("b", "U-1", "1.00", "2026-11-20T10:01:00Z")));
    silver.commit(TableCommit.builder().setAppId("finpipe-silver").setAppVersion(4)
        .setAdds(RunFiles.find(warehouse, Tables.SILVER, "silver-r0"))
        .setMetrics(Map.of("runId", "silver-r0", "numOutputRows", "2", "numFiles", "1")).build());
    SilverFiles.write(warehouse, "silver-r1", 0, List.of(SilverFiles.tx("c", "U-2", "3.00", "2026-11-20T11:00:00Z")));
    silver.commit(TableCommit.builder().setAppId("finpipe-silver").setAppVersion(7)
        .setAdds(RunFiles.find(warehouse, Tables.SILVER, "silver-r1")).setProgress(Map.of("kafka:transactions/0", 42L))
        .setMetrics(Map.of("runId", "silver-r1", "numOutputRows", "1", "numFiles", "1")).build());
    Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), 1L << 27, 1, () -> {});
    SilverFiles.write(warehouse, "silver-r2", 0, List.of(SilverFiles.tx("d", "U-3", "4.00", "2026-11-20T12:00:00Z")));
    silver.commit(TableCommit.builder().setAppId("finpipe-silver").setAppVersion(8)
        .setAdds(RunFiles.find(warehouse, Tables.SILVER, "silver-r2")).setReplacePartitions(Set.of("2026-11-20"))
        .setMetrics(Map.of("runId", "silver-r2", "numOutputRows", "1", "numFiles", "1")).build());
  }

  private static List<String> columns(String line) {
    return Arrays.stream(line.trim().split("\\s+")).collect(Collectors.toList());
  }

  @Test
  public void historyShowsEachVersionNewestFirst() {
    String[] lines = ShowHistory.render(warehouse, Tables.SILVER, 0).split("\n");
    assertEquals("  4 versions; log: 4 commit files, 0 checkpoints (latest at none)", lines[1]);
    List<String> v3 = columns(lines[3]);
    List<String> v2 = columns(lines[4]);
    List<String> v1 = columns(lines[5]);
    List<String> v0 = columns(lines[6]);
    assertEquals(List.of("3", "WRITE", "1", "3", "1", "1", "silver-r2", "finpipe-silver=8"), without(v3, 1));
    assertEquals("OPTIMIZE", v2.get(2));
    assertEquals(List.of("0", "0", "1", "2"), v2.subList(3, 7));
    assertTrue(lines[4], lines[4].endsWith("(rewrote 3 rows)"));
    assertEquals(List.of("1", "WRITE", "1", "0", "1", "0", "silver-r1", "finpipe-silver=7,", "kafka:transactions/0=42"), without(v1, 1));
    assertEquals(List.of("0", "WRITE", "2", "0", "1", "0", "silver-r0", "finpipe-silver=4"), without(v0, 1));
    assertTrue(v0.get(1), v0.get(1).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

    String[] latest = ShowHistory.render(warehouse, Tables.SILVER, 2).split("\n");
    assertEquals(5, latest.length);
    assertEquals("3", columns(latest[3]).get(0));
    assertEquals("2", columns(latest[4]).get(0));
  }

  @Test
  public void summaryShowsATableAsOfAVersion() {
    Map<TableSpec, Long> atVersion = new LinkedHashMap<>();
    atVersion.put(Tables.SILVER, 1L);
    assertTrue(ShowTables.render(warehouse, 3, atVersion).contains("silver/transactions                   3 rows in    2 files, version 1"));
    atVersion.put(Tables.SILVER, 2L);
    assertTrue(ShowTables.render(warehouse, 3, atVersion).contains("silver/transactions                   3 rows in    1 files, version 2"));
    atVersion.put(Tables.SILVER, -1L);
    assertTrue(ShowTables.render(warehouse, 3, atVersion).contains("silver/transactions                   0 rows in    0 files, version (no table yet)"));
    assertTrue(ShowTables.render(warehouse, 3).contains("silver/transactions                   1 rows in    1 files, version 3"));
  }

  private static List<String> without(List<String> list, int index) {
    List<String> copy = new java.util.ArrayList<>(list);
    copy.remove(index);
    return copy;
  }
}
