package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One change of a customer, as the core system sends it: an {@code UPSERT} with the customer's attributes as of
 * {@code updated_at}, or a {@code DELETE}, which may carry only the id. Values are as parsed; the customers' rules
 * judge them. Its event time is {@code updated_at}; each (customer, updated_at) is one change.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CustomerChange implements ChangeRecord, Serializable {
  @SchemaFieldNumber("0")
  public abstract String getCustomerId();

  @SchemaFieldNumber("1")
  public abstract @Nullable String getDocumentType();

  @SchemaFieldNumber("2")
  public abstract @Nullable String getDocumentId();

  @SchemaFieldNumber("3")
  public abstract @Nullable String getFullName();

  @SchemaFieldNumber("4")
  public abstract @Nullable String getSegment();

  @SchemaFieldNumber("5")
  public abstract @Nullable String getStatus();

  @SchemaFieldNumber("6")
  public abstract @Nullable String getCountry();

  @Override
  @SchemaFieldNumber("7")
  public abstract String getOp();

  @Override
  @SchemaFieldNumber("8")
  public abstract Instant getUpdatedAt();

  @Override
  @SchemaFieldNumber("9")
  public abstract Instant getIngestedAt();

  @Override
  @SchemaFieldNumber("10")
  public abstract SourceRef getSourceRef();

  @Override
  @SchemaFieldNumber("11")
  public abstract @Nullable String getPayload();

  @Override
  public String recordId() {
    return getCustomerId();
  }

  public abstract Builder toBuilder();

  public CustomerChange withoutPayload() {
    return getPayload() == null ? this : toBuilder().setPayload(null).build();
  }

  public static Builder builder() {
    return new AutoValue_CustomerChange.Builder();
  }

  /** Builder for {@link CustomerChange}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setCustomerId(String customerId);

    public abstract Builder setDocumentType(@Nullable String documentType);

    public abstract Builder setDocumentId(@Nullable String documentId);

    public abstract Builder setFullName(@Nullable String fullName);

    public abstract Builder setSegment(@Nullable String segment);

    public abstract Builder setStatus(@Nullable String status);

    public abstract Builder setCountry(@Nullable String country);

    public abstract Builder setOp(String op);

    public abstract Builder setUpdatedAt(Instant updatedAt);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setPayload(@Nullable String payload);

    public abstract CustomerChange build();
  }
}
