package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One sample of an infrastructure metric: a host's service's metric at an instant. Its id is {@code sample_key},
 * host, service, metric and time ({@link #sampleKey}): one sample per series and instant. Its event time is the
 * sample's {@code timestamp} (the column {@code event_time}). Values are as parsed; the infra_metrics rules judge them.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class MetricSample implements DomainRecord, Serializable {
  @SchemaFieldNumber("0")
  public abstract String getSampleKey();

  @SchemaFieldNumber("1")
  public abstract String getHost();

  @SchemaFieldNumber("2")
  public abstract String getService();

  @SchemaFieldNumber("3")
  public abstract String getMetric();

  @SchemaFieldNumber("4")
  public abstract double getValue();

  @SchemaFieldNumber("5")
  public abstract String getUnit();

  @Override
  @SchemaFieldNumber("6")
  public abstract Instant getEventTime();

  @Override
  @SchemaFieldNumber("7")
  public abstract Instant getIngestedAt();

  @Override
  @SchemaFieldNumber("8")
  public abstract SourceRef getSourceRef();

  @Override
  @SchemaFieldNumber("9")
  public abstract @Nullable String getPayload();

  @Override
  public String recordId() {
    return getSampleKey();
  }

  /** {@code host|service|metric|<ISO-8601 UTC time>}, joined by {@link NaturalKeys#join}. */
  public static String sampleKey(String host, String service, String metric, Instant eventTime) {
    return NaturalKeys.join(host, service, metric, eventTime);
  }

  public abstract Builder toBuilder();

  public MetricSample withoutPayload() {
    return getPayload() == null ? this : toBuilder().setPayload(null).build();
  }

  public static Builder builder() {
    return new AutoValue_MetricSample.Builder();
  }

  /** Builder for {@link MetricSample}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSampleKey(String sampleKey);

    public abstract Builder setHost(String host);

    public abstract Builder setService(String service);

    public abstract Builder setMetric(String metric);

    public abstract Builder setValue(double value);

    public abstract Builder setUnit(String unit);

    public abstract Builder setEventTime(Instant eventTime);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setPayload(@Nullable String payload);

    public abstract MetricSample build();
  }
}
