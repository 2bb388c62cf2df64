package dev.finpipe.dashboard;

import dev.finpipe.io.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The Business page: gold's daily volume and count per currency, and the top users per date and currency. */
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
}
