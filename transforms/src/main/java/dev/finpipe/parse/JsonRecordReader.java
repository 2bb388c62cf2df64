package dev.finpipe.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finpipe.model.RawRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A {@link RecordReader} of one JSON object per payload: reads the object with {@link JsonFields}, lets the domain read
 * its fields into a record, and turns every problem found into the PARSE failure, with the record's id and event time
 * when the domain could read them ({@link Fields#identify}). Holds one Jackson mapper: one per DoFn instance.
 */
public abstract class JsonRecordReader<T> implements RecordReader<T> {
  private final JsonFields json = new JsonFields();

  @Override
  public final Outcome<T> read(RawRecord raw) {
    JsonFields.Problems problems = new JsonFields.Problems();
    JsonNode root = json.readObject(raw.getPayload(), problems);
    if (root == null) {
      return Outcome.failed(problems.toFailedRecord(raw, null, null));
    }
    Fields fields = new Fields(root, problems);
    T record = read(fields, raw);
    return problems.isEmpty()
        ? Outcome.parsed(record)
        : Outcome.failed(problems.toFailedRecord(raw, fields.recordId, fields.eventTime));
  }

  /**
   * Reads the domain's fields of one object; the record is only used when no problem was reported, so it may be built
   * from nulls then (return null).
   */
  protected abstract @Nullable T read(Fields fields, RawRecord raw);

  /** One object's fields, the problems found in them, and the id and event time once read. */
  protected static final class Fields {
    public final JsonNode root;
    public final JsonFields.Problems problems;
    private @Nullable String recordId;
    private org.joda.time.@Nullable Instant eventTime;

    private Fields(JsonNode root, JsonFields.Problems problems) {
      this.root = root;
      this.problems = problems;
    }

    public <V> @Nullable V required(String field, JsonFields.ValueReader<V> reader) {
      return JsonFields.required(root, field, reader, problems);
    }

    public <V> @Nullable V optional(String field, JsonFields.ValueReader<V> reader) {
      return JsonFields.optional(root, field, reader, problems);
    }

    public <V> @Nullable V requiredIf(boolean isRequired, String field, JsonFields.ValueReader<V> reader) {
      return JsonFields.requiredIf(isRequired, root, field, reader, problems);
    }

    /** The record's id and event time, as far as they were readable: a failure names them. */
    public void identify(@Nullable String recordId, org.joda.time.@Nullable Instant eventTime) {
      this.recordId = recordId;
      this.eventTime = eventTime;
    }

    public boolean hasProblems() {
      return !problems.isEmpty();
    }
  }
}
