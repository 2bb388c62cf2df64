package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One change of an account, as the core system sends it: an {@code UPSERT} with the account's attributes as of
 * {@code updated_at}, or a {@code DELETE}, which may carry only the id. Values are as parsed; the accounts' rules
 * judge them. Its event time is {@code updated_at}; each (account, updated_at) is one change.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class AccountChange implements ChangeRecord, Serializable {
  @SchemaFieldNumber("0")
  public abstract String getAccountId();

  /** The owner; required on an {@code UPSERT}. */
  @SchemaFieldNumber("1")
  public abstract @Nullable String getCustomerId();

  @SchemaFieldNumber("2")
  public abstract @Nullable String getAccountType();

  @SchemaFieldNumber("3")
  public abstract @Nullable String getCurrency();

  @SchemaFieldNumber("4")
  public abstract @Nullable String getStatus();

  @SchemaFieldNumber("5")
  public abstract @Nullable Instant getOpenedAt();

  @Override
  @SchemaFieldNumber("6")
  public abstract String getOp();

  @Override
  @SchemaFieldNumber("7")
  public abstract Instant getUpdatedAt();

  @Override
  @SchemaFieldNumber("8")
  public abstract Instant getIngestedAt();

  @Override
  @SchemaFieldNumber("9")
  public abstract SourceRef getSourceRef();

  @Override
  @SchemaFieldNumber("10")
  public abstract @Nullable String getPayload();

  @Override
  public String recordId() {
    return getAccountId();
  }

  public abstract Builder toBuilder();

  public AccountChange withoutPayload() {
    return getPayload() == null ? this : toBuilder().setPayload(null).build();
  }

  public static Builder builder() {
    return new AutoValue_AccountChange.Builder();
  }

  /** Builder for {@link AccountChange}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAccountId(String accountId);

    public abstract Builder setCustomerId(@Nullable String customerId);

    public abstract Builder setAccountType(@Nullable String accountType);

    public abstract Builder setCurrency(@Nullable String currency);

    public abstract Builder setStatus(@Nullable String status);

    public abstract Builder setOpenedAt(@Nullable Instant openedAt);

    public abstract Builder setOp(String op);

    public abstract Builder setUpdatedAt(Instant updatedAt);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setPayload(@Nullable String payload);

    public abstract AccountChange build();
  }
}
