package dev.finpipe.parse;

import dev.finpipe.model.DomainRecord;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.Transaction;
import dev.finpipe.refine.RecordStep;
import dev.finpipe.refine.RecordSteps;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses bronze payloads (JSON objects of a domain's input contract) into the domain's records with its
 * {@link RecordReader}. A payload that is not JSON, not an object, misses a required field, holds a wrong type, or has
 * an unreadable decimal or time goes to the failure output as a {@link FailedRecord} of stage {@code PARSE}, carrying
 * every {@link ParseReason} that applies, the error, the bounded payload, its source coordinates, and the record's id
 * and event time when they were readable. Bad data never throws.
 *
 * <p>The transactions' contract ({@link #transactions()}): required {@code transaction_id}, {@code account_id},
 * {@code user_id}, {@code amount}, {@code currency}, {@code type}, {@code status}, {@code event_time}; optional
 * {@code channel}, {@code merchant}, {@code country}; other fields are ignored. Strings are kept exactly as given:
 * whether they are acceptable is for the domain's rules to judge. See {@link JsonFields} for the accepted forms of
 * decimals and times.
 *
 * <p>Counters (namespace this class): {@code parsed}, {@code failed}, and {@code failed_<REASON>} per reason code (a
 * record with two reasons counts in both).
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> parsed =
 *     raw.apply("ParseTransactions", ParseRecords.transactions());
 * }</pre>
 */
public final class ParseRecords<T extends DomainRecord>
    extends PTransform<PCollection<RawRecord>, WithFailures.Result<PCollection<T>, FailedRecord>> {
  private final RecordReader.Factory<T> readers;
  private final Class<T> recordType;

  private ParseRecords(RecordReader.Factory<T> readers, Class<T> recordType) {
    this.readers = readers;
    this.recordType = recordType;
  }

  /** Parses with the readers {@code readers} makes, into {@code recordType} (which has a Beam schema). */
  public static <T extends DomainRecord> ParseRecords<T> with(RecordReader.Factory<T> readers, Class<T> recordType) {
    return new ParseRecords<>(readers, recordType);
  }

  /** The transactions' input contract. */
  public static ParseRecords<Transaction> transactions() {
    return with(TransactionReader::new, Transaction.class);
  }

  /** The per-record logic, to chain with later steps in one ParDo (see {@link RecordStep}). */
  public RecordStep<RawRecord, T> step() {
    return new ParseStep<>(readers);
  }

  @Override
  public WithFailures.Result<PCollection<T>, FailedRecord> expand(PCollection<RawRecord> input) {
    return input.apply("ParseJson", RecordSteps.of(step(), recordType));
  }

  /**
   * Reads payloads outside a pipeline exactly as {@link #step()} does, for plans that need a batch's ids before the
   * batch runs (silver's committed-id lookup). Not thread-safe: one per thread.
   */
  public DriverReader driverReader() {
    return new DriverReader(readers.create());
  }

  /** See {@link #driverReader()}. */
  public static final class DriverReader {
    private final RecordReader<? extends DomainRecord> reader;

    private DriverReader(RecordReader<? extends DomainRecord> reader) {
      this.reader = reader;
    }

    /** The record when it parses, else null (such a record never reaches silver). */
    public @Nullable DomainRecord recordOf(RawRecord raw) {
      return reader.read(raw).record;
    }
  }

  /** Reads each payload with one reader per instance; counts, never logs, per element. */
  static final class ParseStep<T> extends RecordStep<RawRecord, T> {
    private static final long serialVersionUID = 1L;
    private final Counter parsed = Metrics.counter(ParseRecords.class, "parsed");
    private final Counter failed = Metrics.counter(ParseRecords.class, "failed");
    private final RecordReader.Factory<T> readers;
    private transient RecordReader<T> reader;

    ParseStep(RecordReader.Factory<T> readers) {
      this.readers = readers;
    }

    @Override
    public void setup() {
      reader = readers.create();
    }

    @Override
    public void process(RawRecord raw, Receiver<T> receiver) {
      RecordReader.Outcome<T> outcome = reader.read(raw);
      if (outcome.record != null) {
        parsed.inc();
        receiver.output(outcome.record);
        return;
      }
      FailedRecord failure = outcome.failure;
      failed.inc();
      for (String reason : failure.getReasons()) {
        Metrics.counter(ParseRecords.class, "failed_" + reason).inc();
      }
      receiver.refuse(failure);
    }
  }
}
