package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A refused record, as written to the quarantine table: the raw payload (bounded), the stage that refused it, every
 * reason (rule names or error codes), a human-readable error, and where it came from. Nothing refused is ever dropped
 * without one of these.
 */
@DefaultCoder(FailedRecordCoder.class)
@AutoValue
public abstract class FailedRecord implements Serializable {
  /** Payloads longer than this many UTF-8 bytes are cut; {@link #isPayloadTruncated()} says so. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  public abstract Stage getStage();

  /** Reason codes: rule names such as {@code amount_positive}, or codes such as {@code MALFORMED_JSON}, {@code LATE}. */
  public abstract List<String> getReasons();

  public abstract String getError();

  public abstract String getPayload();

  public abstract boolean isPayloadTruncated();

  public abstract SourceRef getSourceRef();

  /** When the record entered bronze; used for the partition date when the event time is unknown. */
  public abstract Instant getIngestedAt();

  /** The record's id (a transaction id, a customer id), when the payload got far enough to have one. */
  public abstract @Nullable String getRecordId();

  /** The event time, when the payload got far enough to have one. */
  public abstract @Nullable Instant getEventTime();

  /** Where in the pipeline a record was refused. */
  public enum Stage {
    /** Unusable before parsing: null, not UTF-8, oversize. */
    INGEST,
    /** Not a JSON object of the input contract: malformed JSON, missing fields, wrong types. */
    PARSE,
    /** Parsed but broke one or more named validation rules. */
    VALIDATE,
    /** Older than the silver watermark minus the allowed lateness. */
    LATE
  }

  /** The date this record is filed under: its event date when known, else its ingest date (UTC). */
  public Instant partitionInstant() {
    Instant eventTime = getEventTime();
    return eventTime != null ? eventTime : getIngestedAt();
  }

  public static FailedRecord of(
      Stage stage, List<String> reasons, String error, RawRecord raw) {
    return builder()
        .setStage(stage)
        .setReasons(reasons)
        .setError(error)
        .setBoundedPayload(raw.getPayload())
        .setSourceRef(raw.getSourceRef())
        .setIngestedAt(raw.getIngestedAt())
        .build();
  }

  public static FailedRecord of(
      Stage stage, List<String> reasons, String error, DomainRecord record) {
    return builder()
        .setStage(stage)
        .setReasons(reasons)
        .setError(error)
        .setBoundedPayload(record.getPayload() == null ? "" : record.getPayload())
        .setSourceRef(record.getSourceRef())
        .setIngestedAt(record.getIngestedAt())
        .setRecordId(record.recordId())
        .setEventTime(record.getEventTime())
        .build();
  }

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_FailedRecord.Builder();
  }

  /** Builder for {@link FailedRecord}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setStage(Stage stage);

    public abstract Builder setReasons(List<String> reasons);

    public abstract Builder setError(String error);

    public abstract Builder setPayload(String payload);

    public abstract Builder setPayloadTruncated(boolean truncated);

    public abstract Builder setSourceRef(SourceRef sourceRef);

    public abstract Builder setIngestedAt(Instant ingestedAt);

    public abstract Builder setRecordId(@Nullable String recordId);

    public abstract Builder setEventTime(@Nullable Instant eventTime);

    /** Sets the payload, cut to {@link #MAX_PAYLOAD_BYTES} on a character boundary. */
    public Builder setBoundedPayload(String payload) {
      byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= MAX_PAYLOAD_BYTES) {
        return setPayload(payload).setPayloadTruncated(false);
      }
      int end = MAX_PAYLOAD_BYTES;
      while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
        end--; // do not split a multi-byte character
      }
      return setPayload(new String(bytes, 0, end, StandardCharsets.UTF_8)).setPayloadTruncated(true);
    }

    public abstract FailedRecord build();
  }
}
