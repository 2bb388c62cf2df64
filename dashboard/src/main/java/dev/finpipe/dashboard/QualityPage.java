package dev.finpipe.dashboard;

import dev.finpipe.delta.TableVersion;
import dev.finpipe.domain.Domain;
import dev.finpipe.io.EventRows;
import dev.finpipe.io.SilverCommitMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Data quality page: records per day (silver, quarantined, duplicates, late), quarantine by stage and reason,
 * each validation rule's failure rate per day, and a sample of quarantined rows, of one domain at a time. Duplicates
 * are in no table: each silver commit of an events domain records the ones its run dropped, per event date, in its
 * commit metrics, and the page sums those. A change domain's silver holds versions, counted per day of their
 * {@code updated_at}; a change it already holds is merged away, not counted as a duplicate.
 */
final class QualityPage {
  static final String DUPLICATES_NOTE =
      "Duplicates are dropped, not stored: each silver commit records how many it dropped per event date in its"
          + " commit metrics (" + SilverCommitMetrics.DUPLICATES_PER_EVENT_DATE + "), kept as long as the Delta log"
          + " keeps the commit (delta.logRetentionDuration, 30 days by default).";
  static final String RATE_NOTE =
      "Failure rate of a rule on a day = records quarantined for that rule / records validated that day (silver rows"
          + " + duplicates + VALIDATE and LATE quarantine rows of that event date).";

  private final WarehouseView warehouse;
  private final ParquetQueries queries;

  QualityPage(WarehouseView warehouse, ParquetQueries queries) {
    this.warehouse = warehouse;
    this.queries = queries;
  }

  /** Per event date: silver rows, quarantined rows by stage group, late rows. */
  Map<String, Object> daily(Domain<?> domain) {
    TableSnapshot silver = warehouse.snapshot(domain.silver());
    TableSnapshot quarantine = warehouse.snapshot(domain.quarantine());
    Map<String, Map<String, Object>> days = new TreeMap<>();
    silverPerDate(domain, silver).forEach((date, n) -> day(days, date).merge("silver", n, (a, b) -> (Long) a + (Long) b));
    for (Map<String, Object> r :
        queries.query(quarantine, "SELECT event_date, stage, count(*) AS n FROM {table} GROUP BY event_date, stage")) {
      String column = "LATE".equals(r.get("stage")) ? "late" : "quarantined";
      day(days, (String) r.get("event_date")).merge(column, r.get("n"), (a, b) -> (Long) a + (Long) b);
    }
    duplicatesPerDate(silver).forEach((date, n) -> day(days, date).merge("duplicates", n, (a, b) -> (Long) a + (Long) b));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", domain.name());
    out.put("versions", Map.of(silver.spec().path(), silver.version(), quarantine.spec().path(), quarantine.version()));
    out.put("rows", new ArrayList<>(days.values()));
    out.put("duplicatesNote", DUPLICATES_NOTE);
    return out;
  }

  /**
   * Silver rows per event date: an events domain's silver is partitioned by event date, so the log's file statistics
   * give them without reading a file; a change domain's versions are counted by the date of their event time.
   */
  private Map<String, Long> silverPerDate(Domain<?> domain, TableSnapshot silver) {
    Map<String, Long> perDate = new TreeMap<>();
    if (EventRows.PARTITION_COLUMN.equals(silver.spec().partitionColumn())) {
      silver.files().forEach(f -> perDate.merge(f.partitionValue(), f.numRecords(), Long::sum));
    } else {
      queries.query(silver, "SELECT CAST(CAST(" + domain.eventTimeColumn() + " AS DATE) AS VARCHAR) AS d, count(*) AS n"
              + " FROM {table} GROUP BY d")
          .forEach(r -> perDate.merge((String) r.get("d"), (Long) r.get("n"), Long::sum));
    }
    return perDate;
  }

  /** Duplicates dropped per event date, summed over the silver commits the log still holds. */
  private static Map<String, Long> duplicatesPerDate(TableSnapshot silver) {
    Map<String, Long> perDate = new TreeMap<>();
    for (TableVersion version : silver.history()) {
      SilverCommitMetrics.duplicatesPerEventDate(version.operationMetrics()).forEach((d, n) -> perDate.merge(d, n, Long::sum));
    }
    return perDate;
  }

  private static Map<String, Object> day(Map<String, Map<String, Object>> days, String date) {
    return days.computeIfAbsent(
        date,
        d -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("date", d);
          row.put("silver", 0L);
          row.put("quarantined", 0L);
          row.put("late", 0L);
          row.put("duplicates", 0L);
          return row;
        });
  }

  /** Quarantined records per stage, and per stage and reason (a record with three reasons counts for each). */
  Map<String, Object> reasons(Domain<?> domain) {
    TableSnapshot quarantine = warehouse.snapshot(domain.quarantine());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", domain.name());
    out.put("version", quarantine.version());
    out.put(
        "stages",
        queries.query(quarantine, "SELECT stage, count(*) AS records FROM {table} GROUP BY stage ORDER BY records DESC, stage"));
    out.put(
        "reasons",
        queries.query(
            quarantine,
            "SELECT stage, reason, count(*) AS records FROM"
                + " (SELECT stage, unnest(string_split(reasons, ',')) AS reason FROM {table})"
                + " GROUP BY stage, reason ORDER BY records DESC, stage, reason"));
    return out;
  }

  /** For each validation rule and event date: failures and the rate over the records validated that day. */
  Map<String, Object> rules(Domain<?> domain) {
    TableSnapshot silver = warehouse.snapshot(domain.silver());
    TableSnapshot quarantine = warehouse.snapshot(domain.quarantine());
    Map<String, Long> validated = new TreeMap<>(silverPerDate(domain, silver));
    duplicatesPerDate(silver).forEach((d, n) -> validated.merge(d, n, Long::sum));
    queries
        .query(
            quarantine,
            "SELECT event_date, count(*) AS n FROM {table} WHERE stage IN ('VALIDATE', 'LATE') GROUP BY event_date")
        .forEach(r -> validated.merge((String) r.get("event_date"), (Long) r.get("n"), Long::sum));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> r :
        queries.query(
            quarantine,
            "SELECT event_date, rule, count(*) AS failures FROM"
                + " (SELECT event_date, unnest(string_split(reasons, ',')) AS rule FROM {table} WHERE stage = 'VALIDATE')"
                + " GROUP BY event_date, rule ORDER BY event_date, rule")) {
      Map<String, Object> row = new LinkedHashMap<>(r);
      long denominator = validated.getOrDefault((String) r.get("event_date"), 0L);
      row.put("validated", denominator);
      row.put("rate", denominator == 0 ? null : ((Long) r.get("failures")).doubleValue() / denominator);
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", domain.name());
    out.put("dates", new ArrayList<>(validated.keySet()));
    out.put("rows", rows);
    out.put("note", RATE_NOTE);
    return out;
  }

  /** The newest quarantined rows, optionally of one stage and/or reason; payloads cut to 2,000 characters. */
  Map<String, Object> sample(Domain<?> domain, Optional<String> stage, Optional<String> reason, int limit) {
    TableSnapshot quarantine = warehouse.snapshot(domain.quarantine());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", domain.name());
    out.put("idColumn", domain.idColumn());
    out.put("version", quarantine.version());
    out.put(
        "rows",
        queries.query(
            quarantine,
            "SELECT event_date, stage, reasons, error, left(payload, 2000) AS payload,"
                + " (payload_truncated OR length(payload) > 2000) AS payload_cut, " + domain.idColumn() + " AS record_id, source,"
                + " source_partition, source_offset, ingested_at FROM {table}"
                + " WHERE (CAST(? AS VARCHAR) IS NULL OR stage = ?)"
                + " AND (CAST(? AS VARCHAR) IS NULL OR list_contains(string_split(reasons, ','), ?))"
                + " ORDER BY ingested_at DESC, source, source_partition, source_offset LIMIT ?",
            stage.orElse(null),
            stage.orElse(null),
            reason.orElse(null),
            reason.orElse(null),
            limit));
    return out;
  }
}
