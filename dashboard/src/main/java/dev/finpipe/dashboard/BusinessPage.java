package dev.finpipe.dashboard;

import dev.finpipe.io.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Business page: gold's daily volume and count per currency, the top users per date and currency, and the volume
 * per customer segment and account type (gold/daily_segment_volume, as they were at each transaction's time).
 */
final class BusinessPage {
  private final WarehouseView warehouse;
  private final ParquetQueries queries;

  BusinessPage(WarehouseView warehouse, ParquetQueries queries) {
    this.warehouse = warehouse;
    this.queries = queries;
  }

  /** One row per date and currency, summed over users; also the dates and currencies there are. */
  Map<String, Object> daily() {
    TableSnapshot gold = warehouse.snapshot(Tables.GOLD_DAILY_USER_CURRENCY);
    List<Map<String, Object>> rows =
        queries.query(
            gold,
            "SELECT date, currency, sum(tx_count) AS tx_count, sum(total_amount) AS total_amount,"
                + " sum(approved_count) AS approved_count, sum(declined_count) AS declined_count,"
                + " count(*) AS users FROM {table} GROUP BY date, currency ORDER BY date, currency");
    TreeSet<String> dates = new TreeSet<>();
    TreeSet<String> currencies = new TreeSet<>();
    rows.forEach(r -> {
      dates.add((String) r.get("date"));
      currencies.add((String) r.get("currency"));
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", gold.spec().path());
    out.put("version", gold.version());
    out.put("dates", new ArrayList<>(dates));
    out.put("currencies", new ArrayList<>(currencies));
    out.put("rows", rows);
    return out;
  }

  /** The ranked users of one date and currency; without a date or currency, the latest date and its busiest one. */
  Map<String, Object> top(Optional<LocalDate> date, Optional<String> currency, int limit) {
    TableSnapshot top = warehouse.snapshot(Tables.GOLD_DAILY_TOP_USERS);
    List<Map<String, Object>> choices =
        queries.query(
            top,
            "SELECT date, currency, sum(tx_count) AS tx_count FROM {table} GROUP BY date, currency"
                + " ORDER BY date DESC, tx_count DESC, currency");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", top.spec().path());
    out.put("version", top.version());
    String chosenDate = date.map(LocalDate::toString).orElse(choices.isEmpty() ? null : (String) choices.get(0).get("date"));
    String chosenCurrency =
        currency.orElseGet(
            () ->
                choices.stream()
                    .filter(c -> c.get("date").equals(chosenDate))
                    .map(c -> (String) c.get("currency"))
                    .findFirst()
                    .orElse(null));
    out.put("date", chosenDate);
    out.put("currency", chosenCurrency);
    out.put("dates", new ArrayList<>(new TreeSet<>(choices.stream().map(c -> (String) c.get("date")).toList())));
    out.put(
        "currencies",
        choices.stream().filter(c -> c.get("date").equals(chosenDate)).map(c -> (String) c.get("currency")).sorted().toList());
    out.put(
        "rows",
        chosenDate == null || chosenCurrency == null
            ? List.of()
            : queries.query(
                top,
                "SELECT rank, user_id, total_amount, tx_count FROM {table} WHERE date = CAST(? AS DATE) AND currency = ?"
                    + " ORDER BY rank LIMIT ?",
                chosenDate,
                chosenCurrency,
                limit));
    return out;
  }

  /**
   * gold/daily_segment_volume summed over dates per segment, account type and currency (amounts never summed across
   * currencies), and the count per date and segment for a chart. Transactions whose account or customer was unknown
   * at their time are under {@code UNKNOWN}.
   */
  Map<String, Object> segments() {
    TableSnapshot volume = warehouse.snapshot(Tables.GOLD_DAILY_SEGMENT_VOLUME);
    List<Map<String, Object>> rows =
        queries.query(
            volume,
            "SELECT segment, account_type, currency, sum(tx_count) AS tx_count, sum(total_amount) AS total_amount,"
                + " sum(approved_count) AS approved_count, sum(declined_count) AS declined_count FROM {table}"
                + " GROUP BY segment, account_type, currency ORDER BY currency, segment, account_type");
    List<Map<String, Object>> daily =
        queries.query(
            volume,
            "SELECT date, segment, sum(tx_count) AS tx_count FROM {table} GROUP BY date, segment ORDER BY date, segment");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", volume.spec().path());
    out.put("version", volume.version());
    out.put("segments", distinct(rows, "segment"));
    out.put("accountTypes", distinct(rows, "account_type"));
    out.put("currencies", distinct(rows, "currency"));
    out.put("dates", distinct(daily, "date"));
    out.put("rows", rows);
    out.put("daily", daily);
    return out;
  }

  private static List<String> distinct(List<Map<String, Object>> rows, String column) {
    return new ArrayList<>(new TreeSet<>(rows.stream().map(r -> (String) r.get(column)).toList()));
  }
}
