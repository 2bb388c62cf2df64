package dev.finpipe.model;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;

/** The coder of {@link RawRecord} (its {@code @DefaultCoder}): bronze's rows, shuffled once per record by silver. */
public final class RawRecordCoder extends RecordCoder<RawRecord> {
  private static final RawRecordCoder INSTANCE = new RawRecordCoder();

  private RawRecordCoder() {
    super(RawRecord.class);
  }

  public static RawRecordCoder of() {
    return INSTANCE;
  }

  /** Found by {@code @DefaultCoder}. */
  public static CoderProvider getCoderProvider() {
    return providerFor(RawRecord.class, INSTANCE);
  }

  @Override
  void write(RawRecord r, Writer out) {
    out.writeString(r.getPayload());
    out.writeSourceRef(r.getSourceRef());
    out.writeInstant(r.getIngestedAt());
    out.writeNullableInstant(r.getKafkaTimestamp());
    out.writeNullableString(r.getKafkaKey());
  }

  @Override
  RawRecord read(Reader in) throws CoderException {
    return RawRecord.builder()
        .setPayload(in.readString())
        .setSourceRef(in.readSourceRef())
        .setIngestedAt(in.readInstant())
        .setKafkaTimestamp(in.readNullableInstant())
        .setKafkaKey(in.readNullableString())
        .build();
  }
}
