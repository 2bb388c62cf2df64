package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A parsed transaction event. Fields hold what the payload said; whether the values are acceptable (known currency,
 * positive amount, ...) is decided by {@code ValidateRecords}, so that every broken rule can be reported at once.
 * The amount is an exact {@link BigDecimal} with the scale it arrived with.
 */
@DefaultCoder(TransactionCoder.class)
@AutoValue
public abstract class Transaction implements DomainRecord, Serializable {
  public abstract String getTransactionId();

  public abstract String getAccountId();

  public abstract String getUserId();

  public abstract BigDecimal getAmount();

  public abstract String getCurrency();

  public abstract String getType();

  public abstract String getStatus();

  public abstract @Nullable String getChannel();

  public abstract @Nullable String getMerchant();

  public abstract @Nullable String getCountry();

  @Override
  public abstract Instant getEventTime();

  @Override
  public abstract Instant getIngestedAt();

  @Override
  public abstract SourceRef getSourceRef();

  /**
   * The raw payload, kept so a record refused after parsing still reaches quarantine intact. Null on rows read back
   * from silver, which does not store it (bronze does).
   */
  @Override
  public abstract @Nullable String getPayload();

  @Override
  public String recordId() {
    return getTransactionId();
  }

  public abstract Builder toBuilder();

  /** This transaction without its raw payload: what silver keeps, and a lighter record to shuffle. */
  public Transaction withoutPayload() {
    return getPayload() == null ? this : toBuilder().setPayload(null).build();
  }

  public static Builder builder() {
    return new AutoValue_Transaction.Builder();
  }

  /** Builder for {@link Transaction}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTransactionId(String transactionId);

    public abstract Builder setAccountId(String accountId);

    public abstract Builder setUserId(String userId);

    public abstract Builder setAmount(BigDecimal amount);

    public abstract Builder setCurrency(String currency);

    public abstract Builder setType(String type);

    public abstract Builder setStatus(String status);

    public abstract Builder setChannel(@Nullable String channel);

    public abstract Builder setMerchant(@Nullable String merchant);

    public abstract Builder setCountry(@Nullable String country);

    public abstract Builder setEventTime(Instant eventTime);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setPayload(@Nullable String payload);

    public abstract Transaction build();
  }
}
