package dev.finpipe.pipelines.medallion;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.Warehouses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Prints a readable summary of the warehouse as its Delta logs define it: rows and version per table, quarantined
 * records per stage and reason, and the top users per date and currency. Reads on the driver: meant for demo-sized
 * tables and quick looks, not for volume.
 */
public final class ShowTables {
  /** Options of {@code make summary}. */
  public interface Options extends WarehouseOptions {
    @Description("How many ranks of daily_top_users to print per date and currency.")
    @Default.Integer(3)
    int getShowTop();

    void setShowTop(int showTop);
  }

  private ShowTables() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    System.out.print(render(Warehouses.normalize(options.getWarehouse()), options.getShowTop()));
  }

  public static String render(String warehouse, int showTop) {
    StringBuilder out = new StringBuilder();
    out.append("== Warehouse ").append(warehouse).append(" ==").append(System.lineSeparator());
    for (TableSpec spec : Tables.ALL) {
      DeltaTable table = DeltaTable.at(warehouse, spec);
      List<DataFile> files = table.liveFiles(null);
      long rows = files.stream().mapToLong(DataFile::numRecords).sum();
      out.append(
          String.format(
              Locale.ROOT,
              "  %-28s %,10d rows in %4d files, version %s%n",
              spec.path(),
              rows,
              files.size(),
              table.exists() ? Long.toString(table.version()) : "(no table yet)"));
    }

    Map<String, Long> reasons = new TreeMap<>();
    forEachRow(
        warehouse,
        Tables.QUARANTINE,
        r -> {
          for (String reason : r.get("reasons").toString().split(",")) {
            reasons.merge(r.get("stage") + " " + reason, 1L, Long::sum);
          }
        });
    out.append("== Quarantine by stage and reason ==").append(System.lineSeparator());
    if (reasons.isEmpty()) {
      out.append("  (none)").append(System.lineSeparator());
    }
    reasons.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-40s %,8d%n", k, v)));

    Map<String, List<String>> top = new TreeMap<>();
    DeltaTable topTable = DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS);
    for (DataFile file : topTable.liveFiles(null)) {
      forEachRow(
          topTable.absolutePath(file),
          r -> {
            int rank = (Integer) r.get("rank");
            if (rank <= showTop) {
              String key = file.partitionValue() + " " + r.get("currency");
              top.computeIfAbsent(key, k -> new ArrayList<>())
                  .add(String.format(Locale.ROOT, "%d. %s (%s, %d tx)", rank, r.get("user_id"),
                      dev.finpipe.io.AvroValues.decimal(r, "total_amount", Tables.AMOUNT_SCALE).toPlainString(), (Long) r.get("tx_count")));
            }
          });
    }
    out.append("== Top users per date and currency ==").append(System.lineSeparator());
    if (top.isEmpty()) {
      out.append("  (none)").append(System.lineSeparator());
    }
    top.forEach(
        (k, v) -> {
          v.sort(null);
          out.append("  ").append(k).append(": ").append(String.join("  ", v)).append(System.lineSeparator());
        });
    return out.toString();
  }

  private static void forEachRow(String warehouse, TableSpec spec, Consumer<GenericRecord> action) {
    DeltaTable table = DeltaTable.at(warehouse, spec);
    for (DataFile file : table.liveFiles(null)) {
      forEachRow(table.absolutePath(file), action);
    }
  }

  private static void forEachRow(String path, Consumer<GenericRecord> action) {
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(new Path(path), new Configuration()))
            .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        action.accept(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
