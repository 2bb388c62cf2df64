package dev.finpipe.history;

import com.google.auto.value.AutoValue;
import java.util.Comparator;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A small change record for the history tests, shaped like a dimension domain's (entity key, {@code updated_at}, op,
 * attributes), with factories by day of November 2026 so a test reads as a timeline.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CustomerChange {
  public static final String UPSERT = "UPSERT";
  public static final String DELETE = "DELETE";

  private static final Comparator<CustomerChange> ORDER = Comparator.comparing(CustomerChange::getSource)
      .thenComparing(CustomerChange::getOp)
      .thenComparing(CustomerChange::getName, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

  /** The keep order: source, then op, then name (a total order over the fields that can differ at one instant). */
  public static final SerializableComparator<CustomerChange> KEEP_ORDER = (a, b) -> ORDER.compare(a, b);

  /** The rules of this record's history. */
  public static final HistoryRules<CustomerChange> RULES = HistoryRules.of(
      CustomerChange::getCustomerId, CustomerChange::getUpdatedAt, CustomerChange::isDelete, KEEP_ORDER);

  public abstract String getCustomerId();

  public abstract Instant getUpdatedAt();

  public abstract String getOp();

  public abstract @Nullable String getName();

  public abstract String getSource();

  public boolean isDelete() {
    return DELETE.equals(getOp());
  }

  /** Midnight UTC of {@code day} November 2026. */
  public static Instant day(int day) {
    return Instant.parse(String.format("2026-11-%02dT00:00:00Z", day));
  }

  /** An UPSERT of {@code customerId} on {@code day}, read from source "batch-1". */
  public static CustomerChange upsert(String customerId, int day, String name) {
    return upsert(customerId, day, name, "batch-1");
  }

  public static CustomerChange upsert(String customerId, int day, String name, String source) {
    return builder().setCustomerId(customerId).setUpdatedAt(day(day)).setOp(UPSERT).setName(name)
        .setSource(source).build();
  }

  /** A DELETE of {@code customerId} on {@code day} (no attributes), read from source "batch-1". */
  public static CustomerChange delete(String customerId, int day) {
    return builder().setCustomerId(customerId).setUpdatedAt(day(day)).setOp(DELETE).setName(null)
        .setSource("batch-1").build();
  }

  /** The version {@code record} opened, closed on {@code toDay}. */
  public static Version<CustomerChange> closed(CustomerChange record, int toDay) {
    return Version.of(record, record.getUpdatedAt(), day(toDay));
  }

  /** The current version {@code record} opened. */
  public static Version<CustomerChange> current(CustomerChange record) {
    return Version.current(record, record.getUpdatedAt());
  }

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_CustomerChange.Builder();
  }

  /** Builder for {@link CustomerChange}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setCustomerId(String customerId);

    public abstract Builder setUpdatedAt(Instant updatedAt);

    public abstract Builder setOp(String op);

    public abstract Builder setName(@Nullable String name);

    public abstract Builder setSource(String source);

    public abstract CustomerChange build();
  }
}
