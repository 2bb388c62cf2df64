package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/** A bronze row: the payload exactly as received (unknown fields included) and its coordinates. */
@DefaultCoder(RawRecordCoder.class)
@AutoValue
public abstract class RawRecord implements Serializable {
  public abstract String getPayload();

  public abstract SourceRef getSourceRef();

  /** When bronze received the record; bronze is partitioned by its date. */
  public abstract Instant getIngestedAt();

  /** The Kafka record timestamp; null for files. */
  public abstract @Nullable Instant getKafkaTimestamp();

  /** The Kafka record key; null for files and unkeyed records. */
  public abstract @Nullable String getKafkaKey();

  public static RawRecord of(String payload, SourceRef sourceRef, Instant ingestedAt) {
    return builder().setPayload(payload).setSourceRef(sourceRef).setIngestedAt(ingestedAt).build();
  }

  public static Builder builder() {
    return new AutoValue_RawRecord.Builder();
  }

  /** Builder for {@link RawRecord}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setPayload(String payload);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setKafkaTimestamp(@Nullable Instant kafkaTimestamp);

    public abstract Builder setKafkaKey(@Nullable String kafkaKey);

    public abstract RawRecord build();
  }
}
