package dev.finpipe.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a silver commit keeps in its {@code commitInfo.operationMetrics} beyond Delta's usual ones: the records
 * dropped as duplicates, per event date. Duplicates are in no table (they are counted, not quarantined), so this is
 * where a reader such as the dashboard finds them per day, for as long as the log keeps the commit
 * ({@code delta.logRetentionDuration}). Also the run's bronze rows read and rows quarantined, from which the alerts
 * compute each silver version's quarantine rate.
 */
public final class SilverCommitMetrics {
  /** JSON object of event date ({@code yyyy-MM-dd}) → duplicates of that date dropped by the commit's run. */
  public static final String DUPLICATES_PER_EVENT_DATE = "duplicatesPerEventDate";

  /** The bronze rows the commit's run read. */
  public static final String ROWS_READ = "bronzeRowsRead";

  /** The rows the commit's run refused into quarantine (committed to the quarantine table with it). */
  public static final String ROWS_QUARANTINED = "quarantinedRows";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SilverCommitMetrics() {}

  /** The figures of {@link #ROWS_READ} and {@link #ROWS_QUARANTINED}. */
  public static Map<String, String> books(long read, long quarantined) {
    return Map.of(ROWS_READ, Long.toString(read), ROWS_QUARANTINED, Long.toString(quarantined));
  }

  public static String encode(Map<String, Long> perDate) {
    try {
      return MAPPER.writeValueAsString(new TreeMap<>(perDate));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write duplicates per date " + perDate, e);
    }
  }

  /** The per-date counts in {@code operationMetrics}; empty when the commit has none (or predates them). */
  public static Map<String, Long> duplicatesPerEventDate(Map<String, String> operationMetrics) {
    String json = operationMetrics.get(DUPLICATES_PER_EVENT_DATE);
    if (json == null) {
      return Map.of();
    }
    try {
      return MAPPER.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "A silver commit's " + DUPLICATES_PER_EVENT_DATE + " is not a JSON object of date to count: " + json, e);
    }
  }
}
