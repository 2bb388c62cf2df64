package dev.finpipe.pipelines.maintenance;

import dev.finpipe.domain.Domains;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.WriteTableFiles;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.Warehouses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts tables: per partition, bin-packs the live files below the target size into files of up to that size,
 * and commits each table's rewrite as one version of {@code dataChange=false} removes and adds, so the stages that
 * read a table incrementally neither reprocess the rows nor miss any. The rewrite is a driver-side Parquet copy with
 * the table's schema (older files lacking a newer nullable column get nulls); the new files are described from their
 * footers like any run's files (row count, statistics, latest event time).
 *
 * <p>Safe beside running stages: a concurrent append does not conflict; a concurrent commit that removed any of the
 * files being compacted (gold replacing a partition, another optimize) makes the commit fail, and the table is
 * planned and rewritten again from its new version, up to {@code --maxAttempts} times, then left as it is.
 *
 * <pre>{@code --warehouse=data/dev --table=silver/transactions --where="event_date >= '2026-11-01'"}</pre>
 */
public final class Optimize {
  private static final Logger LOG = LoggerFactory.getLogger(Optimize.class);
  private static final long MIB = 1024L * 1024L;

  /** The target file size, as Delta's OPTIMIZE has it (128 MiB). */
  public static final int DEFAULT_TARGET_MB = 128;

  /** Options of {@code make optimize}. */
  public interface Options extends WarehouseOptions, RunOptions {
    @Description("The table to compact, e.g. silver/transactions; every table when unset.")
    String getTable();

    void setTable(String table);

    @Description(
        "Only partitions matching this predicate on the partition column, e.g. \"event_date >= '2026-11-01'\" "
            + "(tables partitioned by another column are left alone).")
    String getWhere();

    void setWhere(String where);

    @Description("Target file size in MiB: files below it are bin-packed into files of up to this size.")
    @Default.Integer(DEFAULT_TARGET_MB)
    int getTargetFileSizeMb();

    void setTargetFileSizeMb(int targetFileSizeMb);

    @Description(
        "Columns to sort each compacted partition's rows by, e.g. event_time or user_id,event_time (needs --table);"
            + " none: keep the files' order. Default: the table's cluster key (silver: event_time, gold/daily_user_currency:"
            + " user_id; the other tables none).")
    String getSortBy();

    void setSortBy(String sortBy);

    @Description("How many times to plan and rewrite a table again after a concurrent commit removed its files.")
    @Default.Integer(3)
    int getMaxAttempts();

    void setMaxAttempts(int maxAttempts);
  }

  private Optimize() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exit(() -> run(options), options);
  }

  public static RunReport run(Options options) {
    long start = System.currentTimeMillis();
    String warehouse = Warehouses.normalize(options.getWarehouse());
    if (options.getTargetFileSizeMb() <= 0) {
      throw new IllegalArgumentException("--targetFileSizeMb must be positive, got " + options.getTargetFileSizeMb());
    }
    if (options.getMaxAttempts() <= 0) {
      throw new IllegalArgumentException("--maxAttempts must be positive, got " + options.getMaxAttempts());
    }
    PartitionFilter where = PartitionFilter.parse(options.getWhere());
    List<TableSpec> specs = tables(options.getTable(), where);
    String runId = RunIds.next("optimize");
    RunReport report = new RunReport("optimize", runId, "driver");
    List<String> gaveUp = new ArrayList<>();
    Map<TableSpec, List<String>> sortBy = sortKeys(specs, options.getTable(), options.getSortBy());
    for (TableSpec spec : specs) {
      Result result =
          compact(warehouse, spec, where, options.getTargetFileSizeMb() * MIB, sortBy.get(spec),
              options.getMaxAttempts(), () -> {});
      if (result.gaveUp) {
        gaveUp.add(spec.path());
      }
      report.count("files removed from " + spec.path(), result.removedFiles);
      report.count("files added to " + spec.path(), result.addedFiles);
      if (!sortBy.get(spec).isEmpty()) {
        report.note(spec.path() + ": compacted partitions sorted by " + String.join(",", sortBy.get(spec)));
      }
      report.table(spec.path(), result.rows, result.addedFiles, result.version < 0 ? null : result.version,
          result.gaveUp ? "gave up after " + options.getMaxAttempts() + " conflicting attempts" : "nothing to compact");
    }
    report.elapsedMillis(System.currentTimeMillis() - start);
    if (!gaveUp.isEmpty()) {
      report.printOnce();
      throw new IllegalStateException(
          "concurrent commits kept removing the files being compacted in " + gaveUp + "; those tables are unchanged");
    }
    return report;
  }

  /**
   * The columns each table's compacted partitions are sorted by, so that each new file covers a narrow range of them
   * and readers skip files by their min/max statistics: silver by {@code event_time} (time-range queries, and the
   * order a stream's files arrive in), daily per-user gold by {@code user_id} (its partitions are already dates).
   */
  static final Map<TableSpec, List<String>> DEFAULT_SORT_BY =
      Map.of(Tables.SILVER, List.of("event_time"), Tables.GOLD_DAILY_USER_CURRENCY, List.of("user_id"));

  private static Map<TableSpec, List<String>> sortKeys(List<TableSpec> specs, String table, String sortBy) {
    Map<TableSpec, List<String>> keys = new java.util.LinkedHashMap<>();
    boolean given = sortBy != null && !sortBy.isBlank();
    if (given && (table == null || table.isBlank())) {
      throw new IllegalArgumentException("--sortBy needs --table: the tables have different columns");
    }
    for (TableSpec spec : specs) {
      List<String> columns = given
          ? (sortBy.trim().equals("none") ? List.of() : List.of(sortBy.trim().split("\\s*,\\s*")))
          : DEFAULT_SORT_BY.getOrDefault(spec, List.of());
      SortOrder.of(spec, columns); // checks the columns now, before any table is touched
      keys.put(spec, columns);
    }
    return keys;
  }

  private static List<TableSpec> tables(String table, PartitionFilter where) {
    if (table != null && !table.isBlank()) {
      TableSpec spec = Domains.tableByPath(table);
      if (Domains.rewrittenBySilver(spec)) {
        throw new IllegalArgumentException(table + " is a history table: each silver batch rewrites the files it "
            + "touches into fewer, and a compaction beside it could leave a decided batch unable to commit");
      }
      if (!where.appliesTo(spec.partitionColumn())) {
        throw new IllegalArgumentException(
            "--where names " + where.column() + " but " + table + " is partitioned by " + spec.partitionColumn());
      }
      return List.of(spec);
    }
    List<TableSpec> specs = new ArrayList<>();
    for (TableSpec spec : Domains.allTables()) {
      if (where.appliesTo(spec.partitionColumn()) && !Domains.rewrittenBySilver(spec)) {
        specs.add(spec);
      }
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("--where names " + where.column() + ", which partitions no table");
    }
    return specs;
  }

  /** What compacting one table did. */
  static final class Result {
    long version = -1;
    int removedFiles;
    int addedFiles;
    long rows;
    int attempts;
    boolean gaveUp;
  }

  /** Compacts one table without sorting: each bin's files are copied in order into one file. */
  static Result compact(
      String warehouse,
      TableSpec spec,
      PartitionFilter where,
      long targetBytes,
      int maxAttempts,
      Runnable beforeCommit) {
    return compact(warehouse, spec, where, targetBytes, List.of(), maxAttempts, beforeCommit);
  }

  /**
   * Compacts one table; with {@code sortBy}, each partition's small files are rewritten together, sorted by those
   * columns, into files of about the target size. {@code beforeCommit} runs between the rewrite and its commit (tests
   * use it to commit concurrently).
   */
  static Result compact(
      String warehouse,
      TableSpec spec,
      PartitionFilter where,
      long targetBytes,
      List<String> sortBy,
      int maxAttempts,
      Runnable beforeCommit) {
    SortOrder order = SortOrder.of(spec, sortBy);
    Result result = new Result();
    DeltaTable table = DeltaTable.at(warehouse, spec);
    if (!table.exists()) {
      return result;
    }
    while (result.attempts < maxAttempts) {
      result.attempts++;
      DeltaTable.Rewrite rewrite = table.startRewrite();
      List<List<DataFile>> bins =
          order.isEmpty() ? plan(rewrite.liveFiles(), where, targetBytes) : planSorted(rewrite.liveFiles(), where, targetBytes);
      if (bins.isEmpty()) {
        return result;
      }
      String runId = RunIds.next("optimize");
      List<DataFile> removed = new ArrayList<>();
      List<DataFile> added;
      try {
        int shards = 0;
        for (List<DataFile> bin : bins) {
          shards += order.isEmpty()
              ? rewriteBin(warehouse, table, spec, runId, shards, bin)
              : SortedRewrite.write(warehouse, table, spec, runId, shards, bin, order, targetBytes);
          removed.addAll(bin);
        }
        added = RunFiles.find(warehouse, spec, runId);
        long in = removed.stream().mapToLong(DataFile::numRecords).sum();
        long out = added.stream().mapToLong(DataFile::numRecords).sum();
        if (in != out || added.size() != shards) {
          throw new IllegalStateException(String.format(
              "optimize %s: %,d rows in %d files became %,d rows in %d files; nothing was committed",
              spec.path(), in, removed.size(), out, added.size()));
        }
        beforeCommit.run();
        long version =
            rewrite.commit(
                removed, added,
                Map.of("runId", runId, "stage", "optimize", "numRewrittenRows", Long.toString(in),
                    "numRemovedFiles", Integer.toString(removed.size()), "numFiles", Integer.toString(added.size())));
        result.version = version;
        result.removedFiles = removed.size();
        result.addedFiles = added.size();
        result.rows = in;
        return result;
      } catch (ConcurrentModificationException e) {
        LOG.warn("optimize {}: a concurrent commit removed files being compacted ({}); attempt {} of {}",
            spec.path(), e.getMessage(), result.attempts, maxAttempts);
        deleteRunFiles(warehouse, spec, runId);
      } catch (RuntimeException e) {
        deleteRunFiles(warehouse, spec, runId);
        throw e;
      }
    }
    result.gaveUp = true;
    return result;
  }

  /**
   * Per partition that the filter admits, the files below the target in order of modification time, cut into bins
   * of up to the target size; bins of a single file are left alone (rewriting them gains nothing).
   */
  static List<List<DataFile>> plan(List<DataFile> live, PartitionFilter where, long targetBytes) {
    List<List<DataFile>> bins = new ArrayList<>();
    for (List<DataFile> files : smallFilesPerPartition(live, where, targetBytes)) {
      List<DataFile> bin = new ArrayList<>();
      long binBytes = 0;
      for (DataFile file : files) {
        if (!bin.isEmpty() && binBytes + file.sizeBytes() > targetBytes) {
          addIfWorthIt(bins, bin);
          bin = new ArrayList<>();
          binBytes = 0;
        }
        bin.add(file);
        binBytes += file.sizeBytes();
      }
      addIfWorthIt(bins, bin);
    }
    return bins;
  }

  /**
   * For a sorted compaction: per partition that the filter admits, all its files below the target form one bin
   * (sorted together, so the new files' ranges do not overlap), if it has two or more.
   */
  static List<List<DataFile>> planSorted(List<DataFile> live, PartitionFilter where, long targetBytes) {
    List<List<DataFile>> bins = new ArrayList<>();
    for (List<DataFile> files : smallFilesPerPartition(live, where, targetBytes)) {
      addIfWorthIt(bins, files);
    }
    return bins;
  }

  /** Per partition that the filter admits, its files below the target, in order of modification time. */
  private static List<List<DataFile>> smallFilesPerPartition(List<DataFile> live, PartitionFilter where, long targetBytes) {
    Map<String, List<DataFile>> small = new TreeMap<>();
    for (DataFile file : live) {
      if (file.sizeBytes() < targetBytes && where.matches(file.partitionValue())) {
        small.computeIfAbsent(file.partitionValue(), p -> new ArrayList<>()).add(file);
      }
    }
    List<List<DataFile>> partitions = new ArrayList<>(small.values());
    partitions.forEach(files ->
        files.sort(Comparator.comparingLong(DataFile::modificationTime).thenComparing(DataFile::relativePath)));
    return partitions;
  }

  private static void addIfWorthIt(List<List<DataFile>> bins, List<DataFile> bin) {
    if (bin.size() > 1) {
      bins.add(bin);
    }
  }

  /** Copies the bin's rows, file after file, into one new file of the run in the bin's partition; returns 1. */
  private static int rewriteBin(
      String warehouse, DeltaTable table, TableSpec spec, String runId, int shard, List<DataFile> bin) {
    Schema schema = spec.avroSchema();
    Configuration conf = readConf(schema);
    Path target = outputPath(warehouse, spec, bin.get(0).partitionValue(), runId, shard);
    try (ParquetWriter<GenericRecord> writer = writer(target, schema, conf)) {
      for (DataFile file : bin) {
        try (ParquetReader<GenericRecord> reader = reader(new Path(table.absolutePath(file)), conf)) {
          for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
            writer.write(r);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rewrite " + bin.size() + " files into " + target, e);
    }
    return 1;
  }

  /** A Hadoop configuration that reads every file with the table's schema. */
  static Configuration readConf(Schema schema) {
    Configuration conf = HadoopConfigurations.create();
    // Read every file with the table's schema: a nullable column a file predates comes back as null.
    AvroReadSupport.setAvroReadSchema(conf, schema);
    AvroReadSupport.setRequestedProjection(conf, schema);
    return conf;
  }

  /** Where the run's file {@code shard} of a partition goes (also the alerts' driver-side writes). */
  public static Path outputPath(String warehouse, TableSpec spec, String partitionValue, String runId, int shard) {
    String partitionDir = spec.partitionColumn() + "=" + partitionValue;
    return new Path(RunFiles.tableDir(warehouse, spec) + "/" + partitionDir + "/" + WriteTableFiles.fileName(runId, shard));
  }

  public static ParquetWriter<GenericRecord> writer(Path target, Schema schema, Configuration conf) throws IOException {
    return AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(target, conf))
        .withSchema(schema)
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build();
  }

  static ParquetReader<GenericRecord> reader(Path source, Configuration conf) throws IOException {
    return AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(source, conf)).withConf(conf).build();
  }

  private static void deleteRunFiles(String warehouse, TableSpec spec, String runId) {
    for (DataFile file : RunFiles.find(warehouse, spec, runId)) {
      Path path = new Path(RunFiles.tableDir(warehouse, spec) + "/" + file.relativePath());
      try {
        path.getFileSystem(HadoopConfigurations.create()).delete(path, false);
      } catch (IOException e) {
        LOG.warn("Could not delete {} (the vacuum will): {}", path, e.getMessage());
      }
    }
  }
}
