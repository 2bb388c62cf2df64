package dev.finpipe.pipelines.medallion;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.Warehouses;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

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
    TableSnapshots.forEachRow(
        warehouse,
        Tables.QUARANTINE,
        (date, r) -> {
          for (String reason : r.get("reasons").toString().split(",")) {
            reasons.merge(r.get("stage") + " " + reason, 1L, Long::sum);
          }
        });
    out.append("== Quarantine by stage and reason ==").append(System.lineSeparator());
    if (reasons.isEmpty()) {
      out.append("  (none)").append(System.lineSeparator());
    }
    reasons.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-40s %,8d%n", k, v)));

    Map<String, Map<Integer, String>> top = new TreeMap<>();
    TableSnapshots.forEachRow(
        warehouse,
        Tables.GOLD_DAILY_TOP_USERS,
        (date, r) -> {
            int rank = (Integer) r.get("rank");
            if (rank <= showTop) {
              String key = date + " " + r.get("currency");
              top.computeIfAbsent(key, k -> new TreeMap<>())
                  .put(rank, String.format(Locale.ROOT, "%d. %s (%s, %d tx)", rank, r.get("user_id"),
                      AvroValues.decimal(r, "total_amount", Tables.AMOUNT_SCALE).toPlainString(), (Long) r.get("tx_count")));
            }
          });
    out.append("== Top users per date and currency ==").append(System.lineSeparator());
    if (top.isEmpty()) {
      out.append("  (none)").append(System.lineSeparator());
    }
    top.forEach(
        (k, v) -> out.append("  ").append(k).append(": ").append(String.join("  ", v.values())).append(System.lineSeparator()));
    return out.toString();
  }
}
