package dev.finpipe.dashboard;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * SQL over a table snapshot's live Parquet files with an in-process DuckDB. {@code {table}} in a query stands for
 * {@code read_parquet([the files the Delta log lists])} with the partition column taken from each file's directory,
 * so a query never sees a file the log does not list (a failed run's, a replaced partition's), and DuckDB reads only
 * the columns the query names. Results are cached under (table, version, query, parameters): a new commit makes a
 * new key, and nothing is ever stale.
 */
public final class ParquetQueries implements AutoCloseable {
  private static final int CACHE_ENTRIES = 512;

  private final DuckDBConnection database;
  private final Map<String, List<Map<String, Object>>> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Map<String, Object>>> eldest) {
              return size() > CACHE_ENTRIES;
            }
          });

  public ParquetQueries() {
    try {
      database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  /** Rows of {@code sql} over the snapshot, column label to value (decimals as exact strings, dates as ISO text). */
  public List<Map<String, Object>> query(TableSnapshot snapshot, String sql, Object... params) {
    if (snapshot.paths().isEmpty()) {
      return List.of(); // read_parquet needs at least one file; a table without files has no rows
    }
    String key = snapshot.spec().path() + "@" + snapshot.version() + "\n" + sql + "\n" + Arrays.deepToString(params);
    List<Map<String, Object>> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    List<Map<String, Object>> rows = run(sql.replace("{table}", source(snapshot)), params);
    cache.put(key, rows);
    return rows;
  }

  private static String source(TableSnapshot snapshot) {
    String files = snapshot.paths().stream().map(ParquetQueries::literal).collect(Collectors.joining(", "));
    String partition = snapshot.spec().partitionColumn();
    return "read_parquet([" + files + "], hive_partitioning = true, hive_types = {" + literal(partition) + ": DATE})";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private List<Map<String, Object>> run(String sql, Object... params) {
    try (Connection connection = database.duplicate();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), plain(result.getObject(c)));
          }
          rows.add(Collections.unmodifiableMap(row));
        }
      }
      return Collections.unmodifiableList(rows);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB query failed: " + e.getMessage(), e);
    }
  }

  /** JSON-friendly values: exact decimal text, ISO dates and instants. */
  private static Object plain(Object value) {
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof OffsetDateTime) {
      return ((OffsetDateTime) value).toInstant().toString();
    }
    if (value instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) value).toInstant().toString();
    }
    if (value instanceof java.sql.Date || value instanceof java.time.LocalDate) {
      return value.toString();
    }
    return value;
  }

  @Override
  public void close() {
    try {
      database.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close DuckDB: " + e.getMessage(), e);
    }
  }
}
