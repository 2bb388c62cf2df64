package dev.finpipe.parse;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one bronze payload of a domain's input contract into its record type, or into the PARSE failure naming every
 * way it breaks the contract; never throws on bad data. Readers hold a JSON mapper: one per DoFn instance, one thread.
 */
public interface RecordReader<T> {
  Outcome<T> read(RawRecord raw);

  /** Makes a domain's reader where it runs (a worker, the driver); serialised with the step that uses it. */
  @FunctionalInterface
  interface Factory<T> extends Serializable {
    RecordReader<T> create();
  }

  /** What one payload became: a record, or the record of why not. Exactly one is set. */
  final class Outcome<T> {
    public final @Nullable T record;
    public final @Nullable FailedRecord failure;

    private Outcome(@Nullable T record, @Nullable FailedRecord failure) {
      this.record = record;
      this.failure = failure;
    }

    public static <T> Outcome<T> parsed(T record) {
      return new Outcome<>(record, null);
    }

    public static <T> Outcome<T> failed(FailedRecord failure) {
      return new Outcome<>(null, failure);
    }
  }
}
