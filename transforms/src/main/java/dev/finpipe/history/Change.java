package dev.finpipe.history;

import com.google.auto.value.AutoValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One change of a key's history: an UPSERT (with its record) or a DELETE. A DELETE recovered from stored versions by
 * {@link HistoryRules#changesOf} has no record (the stored history keeps no tombstone rows, only the time a version
 * was closed); an incoming DELETE keeps its record.
 *
 * @param <T> the domain's change record
 */
@AutoValue
public abstract class Change<T> {
  public abstract String getKey();

  public abstract Instant getUpdatedAt();

  public abstract boolean isDelete();

  /** The change record; null only for a DELETE recovered from stored versions. */
  public abstract @Nullable T getRecord();

  public static <T> Change<T> upsert(String key, Instant updatedAt, T record) {
    return new AutoValue_Change<>(key, updatedAt, false, record);
  }

  public static <T> Change<T> delete(String key, Instant updatedAt, @Nullable T record) {
    return new AutoValue_Change<>(key, updatedAt, true, record);
  }
}
