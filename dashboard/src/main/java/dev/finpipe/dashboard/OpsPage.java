package dev.finpipe.dashboard;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Operations page. FinPipe has no ops tables yet (incidents, alerts): until it does, the page lists whatever
 * Delta tables sit under {@code ops/} in the warehouse and says plainly that there are none, rather than show
 * made-up KPIs.
 */
final class OpsPage {
  static final String NONE = "No ops tables in this warehouse yet: incidents, MTTD/MTTR and alerts appear here once"
      + " FinPipe writes ops/ tables.";

  private final WarehouseView warehouse;

  OpsPage(WarehouseView warehouse) {
    this.warehouse = warehouse;
  }

  Map<String, Object> ops() {
    List<String> tables = new ArrayList<>();
    File[] dirs = new File(warehouse.warehouse(), "ops").listFiles(File::isDirectory);
    if (dirs != null) {
      for (File dir : dirs) {
        if (new File(dir, "_delta_log").isDirectory()) {
          tables.add("ops/" + dir.getName());
        }
      }
    }
    tables.sort(null);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tables", tables);
    out.put(
        "message",
        tables.isEmpty()
            ? NONE
            : "Found " + String.join(", ", tables) + ", but this dashboard does not know their schema yet.");
    return out;
  }
}
