package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * The identity of a record already committed to silver: its {@linkplain DomainRecord#dedupeId() dedupe id} and event
 * time, enough to tell which dedupe window it fell in. Read back from silver so a later run does not commit the same
 * record again.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RecordKey implements Serializable {
  public abstract String getId();

  public abstract Instant getEventTime();

  public static RecordKey of(String id, Instant eventTime) {
    return new AutoValue_RecordKey(id, eventTime);
  }

  public static RecordKey of(DomainRecord record) {
    return of(record.dedupeId(), record.getEventTime());
  }
}
