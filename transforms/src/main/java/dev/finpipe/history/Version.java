package dev.finpipe.history;

import com.google.auto.value.AutoValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One stored version of an entity: the UPSERT change record that opened it, valid from that change's
 * {@code updated_at} until the {@code updated_at} of the key's next change (exclusive), or open-ended while current.
 * Encoded by {@link VersionCoder}.
 *
 * @param <T> the domain's change record
 */
@AutoValue
public abstract class Version<T> {
  /** The UPSERT change that opened this version. */
  public abstract T getRecord();

  /** The {@code updated_at} of {@link #getRecord()}. */
  public abstract Instant getValidFrom();

  /** The {@code updated_at} of the key's next change, or null while this version is current. */
  public abstract @Nullable Instant getValidTo();

  /** True when no later change of the key exists: {@link #getValidTo()} is null. */
  public final boolean isCurrent() {
    return getValidTo() == null;
  }

  /** True when this version is the one valid at {@code time}: {@code valid_from <= time < valid_to}. */
  public final boolean isValidAt(Instant time) {
    return !time.isBefore(getValidFrom()) && (getValidTo() == null || time.isBefore(getValidTo()));
  }

  public static <T> Version<T> of(T record, Instant validFrom, @Nullable Instant validTo) {
    return new AutoValue_Version<>(record, validFrom, validTo);
  }

  /** The current version opened by {@code record} at {@code validFrom}. */
  public static <T> Version<T> current(T record, Instant validFrom) {
    return of(record, validFrom, null);
  }
}
