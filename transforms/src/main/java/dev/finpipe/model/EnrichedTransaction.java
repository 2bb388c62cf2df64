package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A transaction with the dimensions valid at its event time: the account version's type and owner, and the owner's
 * segment. What gold needs of the transaction is kept (not its payload or source). {@code UNKNOWN} stands for an
 * account or customer with no version valid then; {@link #getCustomerId()} is null when the account is unknown, and
 * {@link #getSegment()} is null only between the account and the customer join.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class EnrichedTransaction implements Serializable {
  /** The segment or account type of a transaction whose customer or account is unknown at its event time. */
  public static final String UNKNOWN = "UNKNOWN";

  public abstract String getTransactionId();

  public abstract String getAccountId();

  public abstract Instant getEventTime();

  public abstract BigDecimal getAmount();

  public abstract String getCurrency();

  public abstract String getStatus();

  public abstract @Nullable String getCustomerId();

  public abstract String getAccountType();

  public abstract @Nullable String getSegment();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_EnrichedTransaction.Builder();
  }

  /** The transaction's own fields, dimensions not yet set. */
  public static Builder of(Transaction tx) {
    return builder()
        .setTransactionId(tx.getTransactionId())
        .setAccountId(tx.getAccountId())
        .setEventTime(tx.getEventTime())
        .setAmount(tx.getAmount())
        .setCurrency(tx.getCurrency())
        .setStatus(tx.getStatus());
  }

  /** Builder for {@link EnrichedTransaction}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTransactionId(String transactionId);

    public abstract Builder setAccountId(String accountId);

    public abstract Builder setEventTime(Instant eventTime);

    public abstract Builder setAmount(BigDecimal amount);

    public abstract Builder setCurrency(String currency);

    public abstract Builder setStatus(String status);

    public abstract Builder setCustomerId(@Nullable String customerId);

    public abstract Builder setAccountType(String accountType);

    public abstract Builder setSegment(@Nullable String segment);

    public abstract EnrichedTransaction build();
  }
}
