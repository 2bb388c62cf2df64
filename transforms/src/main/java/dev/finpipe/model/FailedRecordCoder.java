package dev.finpipe.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;

/**
 * The coder of {@link FailedRecord} (its {@code @DefaultCoder}). The stage is written by name, so reordering or adding
 * stages never changes what an encoding means.
 */
public final class FailedRecordCoder extends RecordCoder<FailedRecord> {
  private static final FailedRecordCoder INSTANCE = new FailedRecordCoder();

  private FailedRecordCoder() {
    super(FailedRecord.class);
  }

  public static FailedRecordCoder of() {
    return INSTANCE;
  }

  /** Found by {@code @DefaultCoder}. */
  public static CoderProvider getCoderProvider() {
    return providerFor(FailedRecord.class, INSTANCE);
  }

  @Override
  void write(FailedRecord f, Writer out) {
    out.writeString(f.getStage().name());
    out.writeLength(f.getReasons().size());
    f.getReasons().forEach(out::writeString);
    out.writeString(f.getError());
    out.writeString(f.getPayload());
    out.writeBoolean(f.isPayloadTruncated());
    out.writeSourceRef(f.getSourceRef());
    out.writeInstant(f.getIngestedAt());
    out.writeNullableString(f.getRecordId());
    out.writeNullableInstant(f.getEventTime());
  }

  @Override
  FailedRecord read(Reader in) throws CoderException {
    FailedRecord.Stage stage = stage(in.readString());
    int count = in.readLength();
    List<String> reasons = new ArrayList<>(Math.min(count, 64));
    for (int i = 0; i < count; i++) {
      reasons.add(in.readString());
    }
    return FailedRecord.builder()
        .setStage(stage)
        .setReasons(List.copyOf(reasons))
        .setError(in.readString())
        .setPayload(in.readString())
        .setPayloadTruncated(in.readBoolean())
        .setSourceRef(in.readSourceRef())
        .setIngestedAt(in.readInstant())
        .setRecordId(in.readNullableString())
        .setEventTime(in.readNullableInstant())
        .build();
  }

  private static FailedRecord.Stage stage(String name) throws CoderException {
    try {
      return FailedRecord.Stage.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new CoderException("unknown stage " + name + " in a FailedRecord", e);
    }
  }
}
