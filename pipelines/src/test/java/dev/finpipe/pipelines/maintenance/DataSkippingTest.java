package dev.finpipe.pipelines.maintenance;

import static org.junit.Assert.assertEquals;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.Tables;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.DeltaSpark;
import dev.finpipe.testing.SilverFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The column statistics FinPipe writes, as an independent reader uses them: Spark with delta-spark reads fewer files
 * for a selective filter on a table with statistics than on the same files committed with a row count only (what
 * FinPipe wrote before), and returns the same rows.
 */
public class DataSkippingTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static SparkSession spark;

  @BeforeClass
  public static void startReader() {
    spark = DeltaSpark.session();
  }

  @AfterClass
  public static void stopReader() {
    spark.stop();
  }

  private static final int FILES = 8;
  private static final int ROWS_PER_FILE = 20;

  /** File i holds user U-i's transactions of hour i of 2026-11-20: one partition, so only statistics can skip. */
  private static void writeFiles(String warehouse) {
    for (int i = 0; i < FILES; i++) {
      List<Transaction> rows = new ArrayList<>();
      for (int j = 0; j < ROWS_PER_FILE; j++) {
        rows.add(SilverFiles.tx("t-" + i + "-" + j, "U-" + i, (i + 1) + "." + j, String.format("2026-11-20T%02d:%02d:00.250Z", i, j)));
      }
      SilverFiles.write(warehouse, "silver-r1", i, rows);
    }
  }

  @Test
  public void selectiveFiltersReadOnlyTheFilesTheirStatisticsAdmit() throws Exception {
    String withStats = tmp.newFolder("with-stats").getAbsolutePath();
    String countOnly = tmp.newFolder("count-only").getAbsolutePath();
    writeFiles(withStats);
    writeFiles(countOnly);
    List<DataFile> described = RunFiles.find(withStats, Tables.SILVER, "silver-r1");
    assertEquals(FILES, described.size());
    DeltaTable.at(withStats, Tables.SILVER)
        .commit(TableCommit.builder().setAppId("test").setAppVersion(0).setAdds(described).build());
    List<DataFile> withoutStats =
        RunFiles.find(countOnly, Tables.SILVER, "silver-r1").stream()
            .map(f -> DataFile.of(f.relativePath(), f.partitionValue(), f.sizeBytes(), f.modificationTime(), f.numRecords(), f.maxEventTime()))
            .collect(Collectors.toList());
    DeltaTable.at(countOnly, Tables.SILVER)
        .commit(TableCommit.builder().setAppId("test").setAppVersion(0).setAdds(withoutStats).build());

    String byUser = "user_id = 'U-3'";
    String byTime = "event_time >= '2026-11-20 05:10:00' AND event_time < '2026-11-20 05:15:00'";
    String byUserRange = "user_id >= 'U-6'";
    // The same boundary the stats round up to: 07:19:00.250 is the last event time; a strict filter above it
    // admits no file, one at it admits exactly the last.
    String atLastEvent = "event_time >= '2026-11-20 07:19:00.250'";
    for (String filter : List.of(byUser, byTime, byUserRange, atLastEvent)) {
      DeltaSpark.Scan after = scan(withStats, filter);
      DeltaSpark.Scan before = scan(countOnly, filter);
      System.out.printf("DataSkippingTest: %s: files read %d -> %d (of %d), rows %d%n",
          filter, before.filesRead, after.filesRead, FILES, after.rows.size());
      assertEquals(filter, FILES, before.filesRead);
      assertEquals(filter, ids(before.rows), ids(after.rows));
    }
    assertEquals(1, scan(withStats, byUser).filesRead);
    assertEquals(List.of("t-3-0", "t-3-1"), ids(scan(withStats, byUser).rows).subList(0, 2));
    assertEquals(ROWS_PER_FILE, scan(withStats, byUser).rows.size());
    assertEquals(1, scan(withStats, byTime).filesRead);
    assertEquals(List.of("t-5-10", "t-5-11", "t-5-12", "t-5-13", "t-5-14"), ids(scan(withStats, byTime).rows));
    assertEquals(2, scan(withStats, byUserRange).filesRead);
    assertEquals(1, scan(withStats, atLastEvent).filesRead);
    assertEquals(List.of("t-7-19"), ids(scan(withStats, atLastEvent).rows));
  }

  private static DeltaSpark.Scan scan(String warehouse, String filter) {
    return DeltaSpark.scan(
        spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path()).where(filter).select("transaction_id"));
  }

  private static List<String> ids(List<Row> rows) {
    return rows.stream().map(r -> r.getString(0)).sorted(DataSkippingTest::byNumbers).collect(Collectors.toList());
  }

  private static int byNumbers(String a, String b) {
    String[] x = a.split("-");
    String[] y = b.split("-");
    int c = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    return c != 0 ? c : Integer.compare(Integer.parseInt(x[2]), Integer.parseInt(y[2]));
  }
}
