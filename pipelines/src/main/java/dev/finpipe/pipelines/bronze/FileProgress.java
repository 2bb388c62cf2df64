package dev.finpipe.pipelines.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableVersion;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Which input files bronze has ingested, in a bounded form. Delta's {@code SetTransaction}s cannot be removed and
 * delta-standalone 3.3.2 does not expire them ({@code delta.setTransactionRetentionDuration} is a delta-spark table
 * property it does not know; its checkpoints keep every one), so one per file would stay in every snapshot forever.
 * Instead each run lists its files' progress ids in its bronze commit's {@code operationMetrics} ({@link
 * #SOURCE_FILES}), and a run reads back only the commits of the last {@code --fileProgressRetention}: a file modified
 * before that horizon is not ingested at all (as Spark's file source does with {@code maxFileAge}), and a file
 * modified after it can only have been committed after it. The snapshot holds no per-file entry.
 */
final class FileProgress {
  /** The bronze commit metric that lists the ingested files' progress ids, as a JSON array. */
  static final String SOURCE_FILES = "sourceFiles";

  /** The bronze commit metric that counts them. */
  static final String NUM_SOURCE_FILES = "numSourceFiles";

  // A file's modification time comes from the input's store, a commit's time from the log's; allow them to disagree.
  static final Duration CLOCK_SKEW = Duration.standardHours(1);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DeltaTable bronze;
  private final Instant horizon;
  private final Set<String> recent;

  private FileProgress(DeltaTable bronze, Instant horizon, Set<String> recent) {
    this.bronze = bronze;
    this.horizon = horizon;
    this.recent = recent;
  }

  /** Reads the files bronze committed since {@code retention} (plus the clock allowance) before {@code now}. */
  static FileProgress read(DeltaTable bronze, Duration retention, Instant now) {
    if (retention.getMillis() <= 0) {
      throw new IllegalArgumentException("--fileProgressRetention must be positive, got " + retention);
    }
    Instant horizon = now.minus(retention);
    Set<String> recent = new HashSet<>();
    if (bronze.exists()) {
      Instant lookBack = horizon.minus(CLOCK_SKEW);
      long from = bronze.versionAsOf(lookBack);
      List<TableVersion> versions = bronze.history(Math.max(from, 0));
      if (from < 0 && !versions.isEmpty() && versions.get(0).version() > 0) {
        TableVersion oldest = versions.get(0);
        throw new IllegalStateException(
            bronze + ": the log keeps commits only from version " + oldest.version() + " (" + oldest.committedAt()
                + "), so the files ingested since " + lookBack + " are no longer known; use a --fileProgressRetention"
                + " shorter than the table's delta.logRetentionDuration (30 days by default)");
      }
      for (TableVersion version : versions) {
        String ids = version.operationMetrics().get(SOURCE_FILES);
        if (ids != null) {
          recent.addAll(decode(ids, bronze, version.version()));
        }
      }
    }
    return new FileProgress(bronze, horizon, recent);
  }

  /** Files modified before this are ignored: their progress may have been forgotten. */
  Instant horizon() {
    return horizon;
  }

  boolean beforeHorizon(SourceFile file) {
    return file.lastModifiedMillis() < horizon.getMillis();
  }

  /**
   * Whether a file (same path, size and mtime) was committed: listed by a commit since the horizon, or marked with a
   * {@code SetTransaction} of its own by the bronze of earlier FinPipe versions.
   */
  boolean ingested(SourceFile file) {
    return recent.contains(file.progressId()) || bronze.appVersion(file.progressId()) >= 0;
  }

  /** The commit metrics that record {@code files} as ingested. */
  static Map<String, String> metrics(List<SourceFile> files) {
    List<String> ids = files.stream().map(SourceFile::progressId).collect(Collectors.toList());
    Map<String, String> metrics = new LinkedHashMap<>();
    try {
      metrics.put(SOURCE_FILES, MAPPER.writeValueAsString(ids));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the ingested files as JSON", e);
    }
    metrics.put(NUM_SOURCE_FILES, Integer.toString(ids.size()));
    return metrics;
  }

  private static List<String> decode(String json, DeltaTable bronze, long version) {
    try {
      return MAPPER.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          bronze + " version " + version + ": the " + SOURCE_FILES + " metric is not a JSON list of strings", e);
    }
  }
}
