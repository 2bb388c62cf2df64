package dev.finpipe.delta;

import com.google.auto.value.AutoValue;
import java.util.Map;
import org.joda.time.Instant;

/**
 * One committed version of a table's log, as read back: when it was committed, the app versions it set, and what the
 * writer recorded about it.
 */
@AutoValue
public abstract class TableVersion {
  public abstract long version();

  /** The commit's {@code commitInfo.timestamp}. */
  public abstract Instant committedAt();

  /**
   * The {@code SetTransaction}s of this version, app id to version: the stage's own marker ({@code finpipe-silver} →
   * the bronze version consumed) and its progress markers ({@code kafka:<topic>/<partition>} → the next offset).
   */
  public abstract Map<String, Long> appVersions();

  /** The commit's operation, e.g. {@code WRITE}; empty when the writer recorded none. */
  public abstract String operation();

  /** The commit's {@code commitInfo.operationMetrics}: run id, stage, rows and files written. */
  public abstract Map<String, String> operationMetrics();

  public static TableVersion of(long version, Instant committedAt, Map<String, Long> appVersions) {
    return of(version, committedAt, appVersions, "", Map.of());
  }

  public static TableVersion of(
      long version, Instant committedAt, Map<String, Long> appVersions, String operation, Map<String, String> metrics) {
    return new AutoValue_TableVersion(version, committedAt, Map.copyOf(appVersions), operation, Map.copyOf(metrics));
  }
}
