package dev.finpipe.pipelines.maintenance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.model.Transaction;
import dev.finpipe.testing.DeltaSpark;
import dev.finpipe.testing.SilverFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What table maintenance looks like to an independent Delta reader, Spark with delta-spark: it skips files by the
 * column statistics FinPipe writes (fewer files for a selective filter than on the same files committed with a row
 * count only, what FinPipe wrote before, and the same rows), reads through checkpoints, reads a compacted table
 * row for row as before, and reads files older than a new nullable column with nulls there.
 */
public class IndependentReaderTest {
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
      System.out.printf("IndependentReaderTest: %s: files read %d -> %d (of %d), rows %d%n",
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
    return rows.stream().map(r -> r.getString(0)).sorted(IndependentReaderTest::byNumbers).collect(Collectors.toList());
  }

  private static int byNumbers(String a, String b) {
    String[] x = a.split("-");
    String[] y = b.split("-");
    int c = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    return c != 0 ? c : Integer.compare(Integer.parseInt(x[2]), Integer.parseInt(y[2]));
  }

  private List<String> silverRows(String warehouse, Long version) {
    DataFrameReader reader = spark.read().format("delta");
    if (version != null) {
      reader = reader.option("versionAsOf", version);
    }
    return reader.load(warehouse + "/" + Tables.SILVER.path()).collectAsList().stream()
        .map(Row::toString).sorted().collect(Collectors.toList());
  }

  @Test
  public void aCompactedTableReadsRowForRowAsBeforeAndThroughItsCheckpoint() throws Exception {
    String warehouse = tmp.newFolder("compacted").getAbsolutePath();
    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    // Twelve small commits: the log gets its first checkpoint at version 10.
    for (int v = 0; v < 12; v++) {
      String runId = "silver-c" + v;
      SilverFiles.write(warehouse, runId, 0, List.of(
          SilverFiles.tx("c-" + v, "U-" + v, v + ".25", String.format("2026-11-2%dT%02d:00:00Z", v % 2, v))));
      silver.commit(TableCommit.builder().setAppId("test").setAppVersion(v)
          .setAdds(RunFiles.find(warehouse, Tables.SILVER, runId)).build());
    }
    List<String> before = silverRows(warehouse, null);
    assertEquals(12, before.size());

    Optimize.Result result = Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), 128L << 20, 1, () -> {});
    assertEquals(12, result.version);
    assertEquals(2, silver.liveFiles(null).size());

    assertEquals(before, silverRows(warehouse, null));
    assertEquals(before, silverRows(warehouse, 11L));
    // The selective query reads one of the two merged files, by their statistics.
    assertEquals(1, DeltaSpark.scan(spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path())
        .where("event_date = '2026-11-21' AND user_id = 'U-3'")).filesRead);
    // With the commits the checkpoint covers gone, Spark still opens the latest version whole.
    java.nio.file.Path log = java.nio.file.Path.of(warehouse, Tables.SILVER.path(), "_delta_log");
    assertTrue(Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", 10))));
    for (int v = 0; v < 10; v++) {
      Files.delete(log.resolve(String.format("%020d.json", v)));
    }
    assertEquals(before, silverRows(warehouse, null));
  }

  @Test
  public void filesOlderThanANewNullableColumnReadBackWithNulls() throws Exception {
    String warehouse = tmp.newFolder("evolving").getAbsolutePath();
    TableSpec v1 = TableSpec.of("t/evolving", "date", TableSpec.Column.required("id", TableSpec.Type.STRING));
    TableSpec v2 = TableSpec.of("t/evolving", "date", TableSpec.Column.required("id", TableSpec.Type.STRING),
        TableSpec.Column.optional("note", TableSpec.Type.STRING));
    writeRow(warehouse, v1, "r1", 0, "old", null);
    DeltaTable.at(warehouse, v1).commit(TableCommit.builder().setAppId("w").setAppVersion(0)
        .setAdds(RunFiles.find(warehouse, v1, "r1")).build());
    writeRow(warehouse, v2, "r2", 0, "new", "hello");
    DeltaTable.at(warehouse, v2).commit(TableCommit.builder().setAppId("w").setAppVersion(1)
        .setAdds(RunFiles.find(warehouse, v2, "r2")).build());

    Dataset<Row> table = spark.read().format("delta").load(warehouse + "/" + v2.path());
    assertEquals("id:string,note:string,date:date", Arrays.stream(table.schema().fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString()).collect(Collectors.joining(",")));
    assertEquals(List.of("[new,hello,2026-11-20]", "[old,null,2026-11-20]"),
        table.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList()));
    // Version 0 is still read with the schema it had.
    assertEquals(List.of("[old,2026-11-20]"), spark.read().format("delta").option("versionAsOf", 0)
        .load(warehouse + "/" + v2.path()).collectAsList().stream().map(Row::toString).collect(Collectors.toList()));
  }

  private static void writeRow(String warehouse, TableSpec spec, String runId, int shard, String id, String note)
      throws Exception {
    Schema schema = spec.avroSchema();
    Path file = new Path(RunFiles.tableDir(warehouse, spec) + "/date=2026-11-20/"
        + WriteTableFiles.fileName(runId, shard));
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
            HadoopOutputFile.fromPath(file, new Configuration()))
            .withSchema(schema).build()) {
      GenericData.Record r = new GenericData.Record(schema);
      r.put("id", id);
      if (schema.getField("note") != null) {
        r.put("note", note);
      }
      writer.write(r);
    }
  }
}
