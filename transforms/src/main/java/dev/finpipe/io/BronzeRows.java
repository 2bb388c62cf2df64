package dev.finpipe.io;

import dev.finpipe.model.EventDates;
import static dev.finpipe.io.AvroValues.string;
import static dev.finpipe.io.AvroValues.stringOrNull;
import static dev.finpipe.io.AvroValues.timestamp;
import static dev.finpipe.io.AvroValues.timestampOrNull;

import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** {@link RawRecord}s as rows of a domain's bronze table ({@link Tables#bronze}), partitioned by ingest date. */
public final class BronzeRows extends TableFormat<RawRecord> {
  /** The transactions' bronze rows. */
  public BronzeRows() {
    this(Tables.BRONZE);
  }

  public BronzeRows(TableSpec bronze) {
    super(bronze);
  }

  @Override
  public String partitionValue(RawRecord raw) {
    return EventDates.utcDate(raw.getIngestedAt());
  }

  @Override
  public GenericRecord toRecord(RawRecord raw) {
    GenericData.Record r = newRecord();
    r.put("payload", raw.getPayload());
    SourceRefColumns.put(r, raw.getSourceRef());
    r.put("ingested_at", timestamp(raw.getIngestedAt()));
    r.put("kafka_timestamp", timestampOrNull(raw.getKafkaTimestamp()));
    r.put("kafka_key", raw.getKafkaKey());
    return r;
  }

  public static RawRecord fromRecord(GenericRecord r) {
    return RawRecord.builder()
        .setPayload(string(r, "payload"))
        .setSourceRef(SourceRefColumns.get(r))
        .setIngestedAt(timestamp(r, "ingested_at"))
        .setKafkaTimestamp(timestampOrNull(r, "kafka_timestamp"))
        .setKafkaKey(stringOrNull(r, "kafka_key"))
        .build();
  }

  /** The three coordinate columns every table except gold carries. */
  static final class SourceRefColumns {
    private SourceRefColumns() {}

    static void put(GenericData.Record r, SourceRef ref) {
      r.put("source", ref.getSource());
      r.put("source_partition", ref.getPartition());
      r.put("source_offset", ref.getOffset());
    }

    static SourceRef get(GenericRecord r) {
      return SourceRef.of(
          string(r, "source"), (Integer) r.get("source_partition"), (Long) r.get("source_offset"));
    }
  }
}
