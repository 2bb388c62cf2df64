package dev.finpipe.delta;

import com.google.auto.value.AutoValue;
import java.util.Map;
import org.joda.time.Instant;

/** One committed version of a table's log, as read back: when it was committed and the app versions it set. */
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

  public static TableVersion of(long version, Instant committedAt, Map<String, Long> appVersions) {
    return new AutoValue_TableVersion(version, committedAt, Map.copyOf(appVersions));
  }
}
