package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One application log line, as a service emits it. Its id is {@code log_key}: the producer's {@code log_id} when it
 * gave one, else a hash of the line's content ({@link #contentKey}), so a line delivered twice without an id is kept
 * once. Its event time is the line's {@code timestamp} (the column {@code event_time}). Values are as parsed; the
 * app_logs rules judge them.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class AppLog implements DomainRecord, Serializable {
  /** {@code log_id}, or the content hash when there is none: never null. */
  @SchemaFieldNumber("0")
  public abstract String getLogKey();

  @SchemaFieldNumber("1")
  public abstract @Nullable String getLogId();

  @SchemaFieldNumber("2")
  public abstract String getService();

  @SchemaFieldNumber("3")
  public abstract String getHost();

  @SchemaFieldNumber("4")
  public abstract String getLevel();

  @SchemaFieldNumber("5")
  public abstract String getMessage();

  @SchemaFieldNumber("6")
  public abstract @Nullable String getTraceId();

  @SchemaFieldNumber("7")
  public abstract @Nullable Integer getHttpStatus();

  @SchemaFieldNumber("8")
  public abstract @Nullable Double getLatencyMs();

  @Override
  @SchemaFieldNumber("9")
  public abstract Instant getEventTime();

  @Override
  @SchemaFieldNumber("10")
  public abstract Instant getIngestedAt();

  @Override
  @SchemaFieldNumber("11")
  public abstract SourceRef getSourceRef();

  @Override
  @SchemaFieldNumber("12")
  public abstract @Nullable String getPayload();

  @Override
  public String recordId() {
    return getLogKey();
  }

  /**
   * The key of a line without {@code log_id}: {@link NaturalKeys#sha256} of its content fields (service, host,
   * level, message, trace_id, http_status, latency_ms, and the timestamp as epoch milliseconds, so the same instant
   * written as ISO-8601 or as epoch milliseconds is the same line).
   */
  public static String contentKey(String service, String host, String level, String message,
      @Nullable String traceId, @Nullable Integer httpStatus, @Nullable Double latencyMs, Instant eventTime) {
    return NaturalKeys.sha256(service, host, level, message, traceId, httpStatus, latencyMs, eventTime.getMillis());
  }

  public abstract Builder toBuilder();

  public AppLog withoutPayload() {
    return getPayload() == null ? this : toBuilder().setPayload(null).build();
  }

  public static Builder builder() {
    return new AutoValue_AppLog.Builder();
  }

  /** Builder for {@link AppLog}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setLogKey(String logKey);

    public abstract Builder setLogId(@Nullable String logId);

    public abstract Builder setService(String service);

    public abstract Builder setHost(String host);

    public abstract Builder setLevel(String level);

    public abstract Builder setMessage(String message);

    public abstract Builder setTraceId(@Nullable String traceId);

    public abstract Builder setHttpStatus(@Nullable Integer httpStatus);

    public abstract Builder setLatencyMs(@Nullable Double latencyMs);

    public abstract Builder setEventTime(Instant eventTime);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setPayload(@Nullable String payload);

    public abstract AppLog build();
  }
}
