package dev.finpipe.dashboard;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warehouse as the dashboard sees it: for each table of the lakehouse ({@link #TABLES}: every domain's, then
 * gold), the snapshot of its latest version.
 * Only reads: a {@link DeltaTable} is opened for its version, live files and history, never for a commit. A snapshot
 * is rebuilt only when the table's version changed, so polling costs one log listing per table.
 */
public final class WarehouseView {
  /** The tables the dashboard knows, in the order it lists them. */
  public static final List<TableSpec> TABLES = Domains.allTables();

  private final String warehouse;
  private final Map<TableSpec, DeltaTable> tables = new LinkedHashMap<>();
  private final Map<TableSpec, TableSnapshot> snapshots = new ConcurrentHashMap<>();

  private WarehouseView(String warehouse) {
    this.warehouse = warehouse;
  }

  /** A view over a local warehouse directory (DuckDB reads local files); the directory need not exist yet. */
  public static WarehouseView at(String warehouse) {
    if (warehouse.contains("://") && !warehouse.startsWith("file:")) {
      throw new IllegalArgumentException(
          "--warehouse=" + warehouse + ": the dashboard reads local warehouses only; copy or mount the tables locally");
    }
    String local = warehouse.startsWith("file:") ? warehouse.substring("file:".length()).replaceFirst("^//", "") : warehouse;
    return new WarehouseView(new File(local).getAbsoluteFile().toPath().normalize().toString());
  }

  public String warehouse() {
    return warehouse;
  }

  /** Whether the warehouse directory exists at all. */
  public boolean exists() {
    return new File(warehouse).isDirectory();
  }

  /** Each table's current version (-1: no table yet), in the order of {@link #TABLES}. */
  public Map<String, Long> versions() {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableSpec spec : TABLES) {
      versions.put(spec.path(), exists() ? table(spec).version() : -1L);
    }
    return versions;
  }

  /** The table's snapshot at its latest version. */
  public TableSnapshot snapshot(TableSpec spec) {
    if (!exists()) {
      return new TableSnapshot(spec, -1, List.of(), List.of(), List.of());
    }
    DeltaTable table = table(spec);
    for (int attempt = 1; ; attempt++) {
      long version = table.version();
      TableSnapshot cached = snapshots.get(spec);
      if (cached != null && cached.version() == version) {
        return cached;
      }
      List<DataFile> files = table.liveFiles(null);
      List<dev.finpipe.delta.TableVersion> history = table.history();
      // A commit between the reads would mix two versions: read again (a few times) until they agree.
      long newest = history.isEmpty() ? -1 : history.get(history.size() - 1).version();
      if ((table.version() != version || newest != version) && attempt < 5) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      files.forEach(f -> paths.add(table.absolutePath(f)));
      TableSnapshot snapshot = new TableSnapshot(spec, version, files, paths, history);
      snapshots.put(spec, snapshot);
      return snapshot;
    }
  }

  private synchronized DeltaTable table(TableSpec spec) {
    return tables.computeIfAbsent(spec, s -> DeltaTable.at(warehouse, s));
  }
}
