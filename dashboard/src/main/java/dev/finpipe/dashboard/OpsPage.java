package dev.finpipe.dashboard;

import dev.finpipe.io.Tables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Operations page: gold/incidents (a timeline per service, the open ones), gold/ops_kpis_daily (MTTD and MTTR per
 * service and day, mean, median and p90) and ops/alerts (what was raised, and whether it was delivered). A table that
 * is not there yet is said so, never filled with made-up figures.
 */
final class OpsPage {
  static final String NO_INCIDENTS = "No gold/incidents yet: the ops gold stage (make ops-gold, or make medallion with"
      + " app_logs and infra_metrics) writes it from gold/service_minute.";
  static final String NO_ALERTS = "No ops/alerts yet: alerts are raised once runners-config/<env>/alerts.yaml exists"
      + " (make alerts, or after every medallion tick).";

  private final WarehouseView warehouse;
  private final ParquetQueries queries;

  OpsPage(WarehouseView warehouse, ParquetQueries queries) {
    this.warehouse = warehouse;
    this.queries = queries;
  }

  /** The incidents (newest first, at most {@code limit}), the KPIs of {@code service} or of every service, the alerts. */
  Map<String, Object> ops(Optional<String> service, int limit) {
    TableSnapshot incidents = warehouse.snapshot(Tables.GOLD_INCIDENTS);
    TableSnapshot kpis = warehouse.snapshot(Tables.GOLD_OPS_KPIS_DAILY);
    TableSnapshot alerts = warehouse.snapshot(Tables.OPS_ALERTS);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("versions", Map.of(incidents.spec().path(), incidents.version(), kpis.spec().path(), kpis.version(),
        alerts.spec().path(), alerts.version()));
    out.put("incidentsMessage", incidents.exists() ? null : NO_INCIDENTS);
    out.put("alertsMessage", alerts.exists() ? null : NO_ALERTS);
    out.put("services", queries.query(incidents,
        "SELECT DISTINCT service FROM {table} ORDER BY service").stream().map(r -> r.get("service")).toList());
    out.put("incidentCounts", queries.query(incidents,
        "SELECT status, count(*) AS incidents FROM {table} GROUP BY status ORDER BY status"));
    out.put("incidents", queries.query(incidents,
        "SELECT incident_id, service, rule, severity, signal, threshold, started_at, detected_at, resolved_at,"
            + " last_breach_at, breach_minutes, peak_value, peak_at, status FROM {table}"
            + " WHERE (CAST(? AS VARCHAR) IS NULL OR service = ?) ORDER BY started_at DESC, incident_id LIMIT ?",
        service.orElse(null), service.orElse(null), limit));
    out.put("open", queries.query(incidents,
        "SELECT incident_id, service, rule, severity, started_at, detected_at, last_breach_at, peak_value FROM {table}"
            + " WHERE status = 'OPEN' ORDER BY started_at, incident_id"));
    out.put("kpis", queries.query(kpis,
        "SELECT date, service, incidents_opened, incidents_resolved, mttd_mean_s, mttd_median_s, mttd_p90_s,"
            + " mttr_mean_s, mttr_median_s, mttr_p90_s FROM {table}"
            + " WHERE (CAST(? AS VARCHAR) IS NULL OR service = ?) ORDER BY date, service",
        service.orElse(null), service.orElse(null)));
    out.put("alertCounts", queries.query(alerts,
        "SELECT kind, status, count(*) AS alerts FROM {table} GROUP BY kind, status ORDER BY kind, status"));
    out.put("alerts", queries.query(alerts,
        "SELECT alert_key, kind, severity, subject, status, raised_at, delivered_at, attempts, sinks, delivered_to,"
            + " last_error FROM {table} ORDER BY raised_at DESC, alert_key LIMIT ?", limit));
    return out;
  }
}
