package dev.finpipe.pipelines.maintenance;

import dev.finpipe.domain.Domains;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableVersion;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.Warehouses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Prints a table's versions, newest first, like Delta's {@code DESCRIBE HISTORY}: version, commit time, operation,
 * rows added and removed, files added and removed, the run id, and the app ids and versions the commit set (a
 * stage's own marker and its source progress). Reads only the last {@code --limit} commit files.
 *
 * <pre>{@code --warehouse=data/dev --table=silver/transactions --limit=20}</pre>
 */
public final class ShowHistory {
  /** Bronze records one progress marker per ingested file; beyond this many, a version shows them as a count. */
  private static final int APP_IDS_SHOWN = 4;

  /** Options of {@code make history}. */
  public interface Options extends WarehouseOptions {
    @Description("The table, e.g. silver/transactions.")
    @Validation.Required
    String getTable();

    void setTable(String table);

    @Description("How many of the latest versions to print (0: every version still in the log).")
    @Default.Integer(20)
    int getLimit();

    void setLimit(int limit);
  }

  private ShowHistory() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    try {
      String warehouse = Warehouses.normalize(options.getWarehouse());
      System.out.print(render(warehouse, Domains.tableByPath(options.getTable()), options.getLimit()));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(StageMain.EXIT_USAGE);
    }
  }

  public static String render(String warehouse, TableSpec spec, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
    }
    DeltaTable table = DeltaTable.at(warehouse, spec);
    StringBuilder out = new StringBuilder();
    out.append("== History of ").append(spec.path()).append(" (").append(warehouse).append(") ==")
        .append(System.lineSeparator());
    if (!table.exists()) {
      return out.append("  (no table yet)").append(System.lineSeparator()).toString();
    }
    long latest = table.version();
    List<TableVersion> versions = table.history(limit == 0 ? 0 : Math.max(0, latest - limit + 1));
    DeltaTable.LogFiles log = table.logFiles();
    out.append(String.format(Locale.ROOT, "  %d versions; log: %d commit files, %d checkpoints (latest at %s)%n",
        latest + 1, log.commitFiles, log.checkpoints,
        log.lastCheckpoint < 0 ? "none" : Long.toString(log.lastCheckpoint)));
    out.append(String.format(Locale.ROOT, "  %7s  %-24s  %-9s %10s %10s %7s %7s  %-40s %s%n",
        "version", "committed (UTC)", "operation", "rows+", "rows-", "files+", "files-", "run id", "app ids"));
    for (int i = versions.size() - 1; i >= 0; i--) {
      out.append(line(versions.get(i))).append(System.lineSeparator());
    }
    return out.toString();
  }

  static String line(TableVersion version) {
    Map<String, String> m = version.operationMetrics();
    boolean optimize = DeltaTable.OPTIMIZE.equals(m.get("operation"));
    String operation = optimize ? DeltaTable.OPTIMIZE : version.operation();
    // A compaction changes no data: its rows are rewritten, neither added nor removed.
    String rowsAdded = optimize ? "0" : m.getOrDefault("numOutputRows", "-");
    String rowsRemoved = optimize ? "0" : m.getOrDefault("numRemovedRows", "0");
    return String.format(Locale.ROOT, "  %7d  %-24s  %-9s %10s %10s %7s %7s  %-40s %s%s",
        version.version(), version.committedAt(), operation, rowsAdded, rowsRemoved,
        m.getOrDefault("numFiles", "-"), m.getOrDefault("numRemovedFiles", "0"), m.getOrDefault("runId", "-"),
        appIds(version.appVersions(), m.get("numSourceFiles")),
        optimize ? "  (rewrote " + m.getOrDefault("numRewrittenRows", "?") + " rows)" : "");
  }

  private static String appIds(Map<String, Long> appVersions, String sourceFiles) {
    Map<String, Long> sorted = new TreeMap<>(appVersions);
    List<String> shown = new ArrayList<>();
    int files = 0;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      if (e.getKey().startsWith("file:") && sorted.size() > APP_IDS_SHOWN) {
        files++;
      } else {
        shown.add(e.getKey() + "=" + e.getValue());
      }
    }
    // Bronze lists its files in the commit's metrics (older versions: one SetTransaction per file).
    files += sourceFiles == null ? 0 : Integer.parseInt(sourceFiles);
    if (files > 0) {
      shown.add(files + " ingested files");
    }
    return shown.isEmpty() ? "-" : String.join(", ", shown);
  }
}
