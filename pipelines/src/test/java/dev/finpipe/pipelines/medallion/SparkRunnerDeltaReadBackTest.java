package dev.finpipe.pipelines.medallion;

import static org.junit.Assert.assertEquals;

import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.LocalSparkContext;
import dev.finpipe.pipelines.common.RunReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The medallion on the SparkRunner (local, small input), then every table read back by an independent Delta reader:
 * Spark 3.5 with delta-spark, which checks the log, the schema types and the Parquet files we wrote.
 */
public class SparkRunnerDeltaReadBackTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void tablesWrittenOnSparkReadBackWithDeltaSpark() throws IOException {
    Path input = tmp.newFolder("input").toPath();
    String warehouse = tmp.newFolder("warehouse").getAbsolutePath();
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/batch-1.jsonl")) {
      Files.copy(in, input.resolve("batch-1.jsonl"));
    }
    RunMedallion.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=SparkRunner", "--sparkMaster=local[2]", "--enableSparkMetricSinks=false",
                "--warehouse=" + warehouse, "--input=" + input + "/*.jsonl")
            .as(RunMedallion.Options.class);

    List<RunReport> reports = RunMedallion.run(options);
    assertEquals(15, reports.get(1).count("records read"));
    assertEquals(1, reports.get(1).count("duplicates"));
    // The reader gets a Spark of its own, configured for Delta: not the context the stages shared.
    LocalSparkContext.stop();

    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("delta-read-back")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    try {
      Dataset<Row> silver = spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path());
      assertEquals(
          "transaction_id:string,account_id:string,user_id:string,amount:decimal(18,3),currency:string,type:string,"
              + "status:string,channel:string,merchant:string,country:string,event_time:timestamp,"
              + "ingested_at:timestamp,source:string,source_partition:int,source_offset:bigint,event_date:date",
          silver.schema().fields().length == 0 ? "" : java.util.Arrays.stream(silver.schema().fields())
              .map(f -> f.name() + ":" + f.dataType().simpleString()).collect(Collectors.joining(",")));
      assertEquals(
          List.of(
              "t-001 100.000 2026-11-20 10:00:00.0 2026-11-20",
              "t-002 50.500 2026-11-20 11:00:00.0 2026-11-20",
              "t-003 300.000 2026-11-20 12:00:00.0 2026-11-20",
              "t-004 10.250 2026-11-21 00:00:00.0 2026-11-21",
              "t-011 5000.000 2026-11-21 08:00:00.0 2026-11-21"),
          silver.orderBy("transaction_id").collectAsList().stream()
              .map(r -> r.getAs("transaction_id") + " " + r.getAs("amount") + " " + r.getAs("event_time") + " " + r.getAs("event_date"))
              .collect(Collectors.toList()));
      assertEquals(9, spark.read().format("delta").load(warehouse + "/" + Tables.QUARANTINE.path()).count());
      assertEquals(15, spark.read().format("delta").load(warehouse + "/" + Tables.BRONZE.path()).count());
      Dataset<Row> daily = spark.read().format("delta").load(warehouse + "/" + Tables.GOLD_DAILY_USER_CURRENCY.path());
      assertEquals(
          List.of("2026-11-20 U-1 PEN 2 150.500 75.250000", "2026-11-20 U-2 PEN 1 300.000 300.000000",
              "2026-11-21 U-2 USD 1 10.250 10.250000", "2026-11-21 U-3 JPY 1 5000.000 5000.000000"),
          daily.orderBy("date", "user_id").collectAsList().stream()
              .map(r -> r.getAs("date") + " " + r.getAs("user_id") + " " + r.getAs("currency") + " " + r.getAs("tx_count")
                  + " " + r.getAs("total_amount") + " " + r.getAs("avg_amount"))
              .collect(Collectors.toList()));
      assertEquals(4, spark.read().format("delta").load(warehouse + "/" + Tables.GOLD_DAILY_TOP_USERS.path()).count());
      // The log's history shows one WRITE per stage run, with our run figures.
      assertEquals(
          "WRITE",
          spark.sql("DESCRIBE HISTORY delta.`" + warehouse + "/" + Tables.SILVER.path() + "`").first().getAs("operation"));
    } finally {
      spark.stop();
    }
  }
}
