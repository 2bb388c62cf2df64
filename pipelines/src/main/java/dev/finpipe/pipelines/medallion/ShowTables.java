package dev.finpipe.pipelines.medallion;

import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.Warehouses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.joda.time.Instant;

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

    @Description("Show the tables as they were at this time (ISO-8601, e.g. 2026-11-22T10:00:00Z): each at its "
        + "latest version committed by then.")
    String getAsOf();

    void setAsOf(String asOf);

    @Description("Show --table as it was at this version.")
    Long getVersion();

    void setVersion(Long version);

    @Description("Only this table, e.g. silver/transactions (required with --version).")
    String getTable();

    void setTable(String table);
  }

  private ShowTables() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    try {
      String warehouse = Warehouses.normalize(options.getWarehouse());
      System.out.print(render(warehouse, options.getShowTop(), versions(warehouse, options)));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(StageMain.EXIT_USAGE);
    }
  }

  public static String render(String warehouse, int showTop) {
    Map<TableSpec, Long> latest = new LinkedHashMap<>();
    Domains.allTables().forEach(spec -> latest.put(spec, null));
    return render(warehouse, showTop, latest);
  }

  /**
   * The tables to show and the version of each (null: the latest; -1: the table did not exist yet), from
   * {@code --table}, {@code --version} and {@code --asOf}.
   */
  static Map<TableSpec, Long> versions(String warehouse, Options options) {
    if (options.getVersion() != null && options.getAsOf() != null) {
      throw new IllegalArgumentException("--version and --asOf: give one of them");
    }
    if (options.getVersion() != null && options.getTable() == null) {
      throw new IllegalArgumentException("--version needs --table: versions are numbered per table");
    }
    Instant asOf = null;
    if (options.getAsOf() != null) {
      try {
        asOf = Instant.parse(options.getAsOf());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--asOf: " + options.getAsOf() + " is not an ISO-8601 time, e.g. 2026-11-22T10:00:00Z");
      }
    }
    Map<TableSpec, Long> versions = new LinkedHashMap<>();
    for (TableSpec spec : options.getTable() == null ? Domains.allTables() : List.of(Domains.tableByPath(options.getTable()))) {
      DeltaTable table = DeltaTable.at(warehouse, spec);
      if (options.getVersion() != null) {
        if (options.getVersion() < 0 || options.getVersion() > table.version()) {
          throw new IllegalArgumentException(
              "--version: " + spec.path() + " has versions 0 to " + table.version() + ", not " + options.getVersion());
        }
        versions.put(spec, options.getVersion());
      } else {
        versions.put(spec, asOf == null ? null : table.versionAsOf(asOf));
      }
    }
    return versions;
  }

  public static String render(String warehouse, int showTop, Map<TableSpec, Long> versions) {
    StringBuilder out = new StringBuilder();
    out.append("== Warehouse ").append(warehouse).append(" ==").append(System.lineSeparator());
    for (Map.Entry<TableSpec, Long> shown : versions.entrySet()) {
      TableSpec spec = shown.getKey();
      Long version = shown.getValue();
      DeltaTable table = DeltaTable.at(warehouse, spec);
      boolean exists = table.exists() && (version == null || version >= 0);
      List<DataFile> files = !exists ? List.of() : version == null ? table.liveFiles(null) : table.liveFilesAt(version);
      long rows = files.stream().mapToLong(DataFile::numRecords).sum();
      out.append(
          String.format(
              Locale.ROOT,
              "  %-28s %,10d rows in %4d files, version %s%n",
              spec.path(),
              rows,
              files.size(),
              exists ? Long.toString(version == null ? table.version() : version) : "(no table yet)"));
    }

    for (Domain<?> domain : Domains.all()) {
      TableSpec quarantine = domain.quarantine();
      // Transactions' section always (as before there were domains), another domain's once it has a table.
      if (versions.containsKey(quarantine)
          && (domain == Domains.TRANSACTIONS || DeltaTable.at(warehouse, quarantine).exists())) {
        quarantine(out, warehouse, domain, versions.get(quarantine));
      }
    }
    if (versions.containsKey(Tables.GOLD_DAILY_TOP_USERS)) {
      topUsers(out, warehouse, showTop, versions.get(Tables.GOLD_DAILY_TOP_USERS));
    }
    return out.toString();
  }

  private static void forEachRow(
      String warehouse, TableSpec spec, Long version, BiConsumer<String, GenericRecord> action) {
    if (version == null || version >= 0) {
      TableSnapshots.forEachRowAt(warehouse, spec, version, action);
    }
  }

  private static void quarantine(StringBuilder out, String warehouse, Domain<?> domain, Long version) {
    Map<String, Long> reasons = new TreeMap<>();
    forEachRow(
        warehouse,
        domain.quarantine(),
        version,
        (date, r) -> {
          for (String reason : r.get("reasons").toString().split(",")) {
            reasons.merge(r.get("stage") + " " + reason, 1L, Long::sum);
          }
        });
    out.append(domain == Domains.TRANSACTIONS ? "== Quarantine by stage and reason ==" : "== Quarantine of " + domain
        + " by stage and reason ==").append(System.lineSeparator());
    if (reasons.isEmpty()) {
      out.append("  (none)").append(System.lineSeparator());
    }
    reasons.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-40s %,8d%n", k, v)));
  }

  private static void topUsers(StringBuilder out, String warehouse, int showTop, Long version) {
    Map<String, Map<Integer, String>> top = new TreeMap<>();
    forEachRow(
        warehouse,
        Tables.GOLD_DAILY_TOP_USERS,
        version,
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
  }
}
