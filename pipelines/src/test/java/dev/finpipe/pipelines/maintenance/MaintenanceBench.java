package dev.finpipe.pipelines.maintenance;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.Json;
import dev.finpipe.pipelines.common.LocalSparkContext;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.testing.DeltaSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The maintenance benchmark's driver ({@code bench/maintenance.sh}): runs the medallion once per input file (small
 * batches, one Spark context for all of them, as a continuous stage would), then measures every table (files,
 * bytes, log files, checkpoints), times a selective query and a full count on silver with Spark + delta-spark (median
 * of {@code REPEAT}), compacts with {@link Optimize}, and measures and times again. Lives with the tests because the
 * independent reader is a test dependency. Usage: {@code MaintenanceBench <input dir> <warehouse> <result.json>
 * <target MiB> <silver sort columns, or default> <spark args...>}; an input dir of {@code -} measures the warehouse as it
 * is (one a stream built) without running batches.
 */
public final class MaintenanceBench {
  private static final int REPEAT = 3;

  private MaintenanceBench() {}

  public static void main(String[] args) throws Exception {
    Path inputDir = Path.of(args[0]);
    String warehouse = Path.of(args[1]).toAbsolutePath().toString();
    Path result = Path.of(args[2]);
    String targetMb = args[3];
    String silverSortBy = args[4];
    List<String> sparkArgs = Arrays.asList(args).subList(5, args.length);
    List<Path> batches = List.of();
    if (!inputDir.toString().equals("-")) {
      try (Stream<Path> files = Files.list(inputDir)) {
        batches = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().collect(Collectors.toList());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    long start = System.nanoTime();
    long events = 0;
    for (Path batch : batches) {
      List<String> options = new ArrayList<>(sparkArgs);
      options.add("--input=" + batch.toAbsolutePath());
      options.add("--warehouse=" + warehouse);
      List<RunReport> reports =
          RunMedallion.run(PipelineOptionsFactory.fromArgs(options.toArray(new String[0])).as(RunMedallion.Options.class));
      events += reports.get(0).count("records read");
      System.err.printf("MaintenanceBench: batch %s done (%d events so far)%n", batch.getFileName(), events);
    }
    out.put("batches", batches.size());
    out.put("events", events);
    out.put("medallion_seconds", (System.nanoTime() - start) / 1e9);
    LocalSparkContext.stop();

    SparkSession spark = DeltaSpark.session();
    try {
      String hour = firstEventHourOfTheMiddleDay(warehouse);
      String user = spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path())
          .select("user_id").orderBy("user_id").first().getString(0);
      Map<String, String> queries = new LinkedHashMap<>();
      queries.put("silver: one hour of event_time",
          "event_time >= '" + hour + ":00:00' AND event_time < '" + hour + ":59:59.999'");
      queries.put("silver: one user_id", "user_id = '" + user + "'");
      // Whatever the data's time span: the middle 5% of silver's rows by event time.
      double[] middle = spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path())
          .selectExpr("unix_micros(event_time) / 1e6 AS t").stat().approxQuantile("t", new double[] {0.475, 0.525}, 0.001);
      queries.put("silver: middle 5% of rows by event_time",
          "event_time >= timestamp_seconds(" + middle[0] + ") AND event_time < timestamp_seconds(" + middle[1] + ")");
      out.put("before", measure(spark, warehouse, queries));
      long optimizeStart = System.nanoTime();
      List<String> optimizeArgs = new ArrayList<>(List.of("--warehouse=" + warehouse, "--targetFileSizeMb=" + targetMb));
      if (silverSortBy.equals("default")) {
        Optimize.run(PipelineOptionsFactory.fromArgs(optimizeArgs.toArray(new String[0])).as(Optimize.Options.class))
            .printOnce();
      } else { // silver with the given key, the other tables with their own
        for (TableSpec spec : Tables.ALL) {
          List<String> one = new ArrayList<>(optimizeArgs);
          one.add("--table=" + spec.path());
          if (spec.equals(Tables.SILVER)) {
            one.add("--sortBy=" + silverSortBy);
          }
          Optimize.run(PipelineOptionsFactory.fromArgs(one.toArray(new String[0])).as(Optimize.Options.class)).printOnce();
        }
      }
      out.put("optimize_seconds", (System.nanoTime() - optimizeStart) / 1e9);
      out.put("after", measure(spark, warehouse, queries));
    } finally {
      spark.stop();
    }
    Files.writeString(result, Json.write(out) + System.lineSeparator(), StandardCharsets.UTF_8);
    System.out.println(Json.write(out));
  }

  /** e.g. {@code 2026-11-20 13}: an hour of the silver partition in the middle of the data, as a filter prefix. */
  private static String firstEventHourOfTheMiddleDay(String warehouse) {
    List<String> dates = DeltaTable.at(warehouse, Tables.SILVER).liveFiles(null).stream()
        .map(DataFile::partitionValue).distinct().sorted().collect(Collectors.toList());
    return dates.get(dates.size() / 2) + " 12";
  }

  private static Map<String, Object> measure(SparkSession spark, String warehouse, Map<String, String> queries) {
    Map<String, Object> figures = new LinkedHashMap<>();
    Map<String, Object> tables = new LinkedHashMap<>();
    for (TableSpec spec : Tables.ALL) {
      DeltaTable table = DeltaTable.at(warehouse, spec);
      List<DataFile> files = table.liveFiles(null);
      DeltaTable.LogFiles log = table.logFiles();
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("version", table.version());
      t.put("files", files.size());
      t.put("bytes", files.stream().mapToLong(DataFile::sizeBytes).sum());
      t.put("partitions", files.stream().map(DataFile::partitionValue).distinct().count());
      t.put("log_commit_files", log.commitFiles);
      t.put("checkpoints", log.checkpoints);
      t.put("commits_after_checkpoint", log.commitsAfterCheckpoint);
      tables.put(spec.path(), t);
    }
    figures.put("tables", tables);
    Map<String, Object> timed = new LinkedHashMap<>();
    Dataset<Row> silver = spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path());
    long silverFiles = DeltaTable.at(warehouse, Tables.SILVER).liveFiles(null).size();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      timed.put(query.getKey(), time(() -> spark.read().format("delta").load(warehouse + "/" + Tables.SILVER.path())
          .where(query.getValue()).select("transaction_id", "amount"), silverFiles, query.getValue()));
    }
    timed.put("silver: count(*)", time(() -> silver.groupBy().count(), silverFiles, "(none)"));
    figures.put("queries", timed);
    return figures;
  }

  private static Map<String, Object> time(java.util.function.Supplier<Dataset<Row>> query, long tableFiles, String filter) {
    long[] millis = new long[REPEAT];
    DeltaSpark.Scan scan = null;
    for (int i = 0; i < REPEAT; i++) {
      long t0 = System.nanoTime();
      scan = DeltaSpark.scan(query.get());
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(millis);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("filter", filter);
    q.put("median_ms", millis[REPEAT / 2]);
    q.put("rows", scan.rows.size() == 1 && filter.equals("(none)") ? scan.rows.get(0).getLong(0) : scan.rows.size());
    q.put("files_read", scan.filesRead);
    q.put("table_files", tableFiles);
    q.put("files_skipped_pct", tableFiles == 0 ? 0 : Math.round(1000.0 * (tableFiles - scan.filesRead) / tableFiles) / 10.0);
    return q;
  }
}
