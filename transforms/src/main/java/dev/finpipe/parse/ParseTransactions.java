package dev.finpipe.parse;

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
 * Parses bronze payloads (JSON objects of the input contract) into {@link Transaction}s. A payload that is not JSON,
 * not an object, misses a required field, holds a wrong type, or has an unreadable amount or event time goes to the
 * failure output as a {@link FailedRecord} of stage {@code PARSE}, carrying every {@link ParseReason} that applies,
 * the error, the bounded payload, its source coordinates, and the transaction id and event time when they were
 * readable. Bad data never throws.
 *
 * <p>Required fields: {@code transaction_id}, {@code account_id}, {@code user_id}, {@code amount}, {@code currency},
 * {@code type}, {@code status}, {@code event_time}; optional: {@code channel}, {@code merchant}, {@code country};
 * other fields are ignored. Strings are kept exactly as given: whether they are acceptable is for
 * {@code ValidateTransactions} to judge. Amounts are exact decimals; see {@link TransactionReader} for the accepted
 * forms of amounts and event times.
 *
 * <p>Counters (namespace this class): {@code parsed}, {@code failed}, and {@code failed_<REASON>} per reason code (a
 * record with two reasons counts in both).
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> parsed =
 *     raw.apply("ParseTransactions", ParseTransactions.create());
 * }</pre>
 */
public final class ParseTransactions
    extends PTransform<PCollection<RawRecord>, WithFailures.Result<PCollection<Transaction>, FailedRecord>> {
  private ParseTransactions() {}

  public static ParseTransactions create() {
    return new ParseTransactions();
  }

  /** The per-record logic, to chain with later steps in one ParDo (see {@link RecordStep}). */
  public RecordStep<RawRecord, Transaction> step() {
    return new ParseStep();
  }

  @Override
  public WithFailures.Result<PCollection<Transaction>, FailedRecord> expand(PCollection<RawRecord> input) {
    return input.apply("ParseJson", RecordSteps.of(step(), Transaction.class));
  }

  /**
   * Reads payloads outside a pipeline exactly as {@link #step()} does, for plans that need a batch's ids before the
   * batch runs (silver's committed-id lookup). Not thread-safe: one per thread.
   */
  public static final class DriverReader {
    private final TransactionReader reader = new TransactionReader();

    /** The record's transaction id when it parses, else null (such a record never reaches dedupe). */
    public @Nullable String transactionIdOf(RawRecord raw) {
      TransactionReader.Outcome outcome = reader.read(raw);
      return outcome.transaction == null ? null : outcome.transaction.getTransactionId();
    }
  }

  /** Reads each payload with one {@link TransactionReader} per instance; counts, never logs, per element. */
  static final class ParseStep extends RecordStep<RawRecord, Transaction> {
    private static final long serialVersionUID = 1L;
    private final Counter parsed = Metrics.counter(ParseTransactions.class, "parsed");
    private final Counter failed = Metrics.counter(ParseTransactions.class, "failed");
    private transient TransactionReader reader;

    @Override
    public void setup() {
      reader = new TransactionReader();
    }

    @Override
    public void process(RawRecord raw, Receiver<Transaction> receiver) {
      TransactionReader.Outcome outcome = reader.read(raw);
      if (outcome.transaction != null) {
        parsed.inc();
        receiver.output(outcome.transaction);
        return;
      }
      FailedRecord failure = outcome.failure;
      failed.inc();
      for (String reason : failure.getReasons()) {
        Metrics.counter(ParseTransactions.class, "failed_" + reason).inc();
      }
      receiver.refuse(failure);
    }
  }
}
