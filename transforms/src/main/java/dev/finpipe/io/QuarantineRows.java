package dev.finpipe.io;

import dev.finpipe.model.EventDates;
import static dev.finpipe.io.AvroValues.timestamp;
import static dev.finpipe.io.AvroValues.timestampOrNull;

import dev.finpipe.io.BronzeRows.SourceRefColumns;
import dev.finpipe.model.FailedRecord;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * {@link FailedRecord}s as rows of a domain's quarantine table ({@link Tables#quarantine}), partitioned by event date when the record had a
 * readable event time and by ingest date otherwise. Reasons are stored comma-separated (rule names and reason codes
 * never contain commas), which every Delta reader handles without list-encoding surprises.
 */
public final class QuarantineRows extends TableFormat<FailedRecord> {
  /** The column of the record's id, e.g. {@code transaction_id}. */
  private final String idColumn;

  /** The transactions' quarantine rows. */
  public QuarantineRows() {
    this(Tables.QUARANTINE, "transaction_id");
  }

  public QuarantineRows(TableSpec quarantine, String idColumn) {
    super(quarantine);
    this.idColumn = idColumn;
  }

  @Override
  public String partitionValue(FailedRecord failed) {
    return EventDates.utcDate(failed.partitionInstant());
  }

  @Override
  public GenericRecord toRecord(FailedRecord failed) {
    GenericData.Record r = newRecord();
    r.put("stage", failed.getStage().name());
    r.put("reasons", String.join(",", failed.getReasons()));
    r.put("error", failed.getError());
    r.put("payload", failed.getPayload());
    r.put("payload_truncated", failed.isPayloadTruncated());
    r.put(idColumn, failed.getRecordId());
    r.put("event_time", timestampOrNull(failed.getEventTime()));
    r.put("ingested_at", timestamp(failed.getIngestedAt()));
    SourceRefColumns.put(r, failed.getSourceRef());
    return r;
  }
}
