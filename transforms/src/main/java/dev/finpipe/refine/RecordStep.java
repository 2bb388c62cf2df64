package dev.finpipe.refine;

import dev.finpipe.model.FailedRecord;
import java.io.Serializable;

/**
 * The per-record logic of a refining transform: each record is passed on (possibly converted), refused as a
 * {@link FailedRecord}, or left out. {@code ParseTransactions}, {@code ValidateRecords} and
 * {@code RouteLateEvents} are each one step run by {@link RecordSteps}; {@link #then} chains steps so that a pipeline
 * can run several in one ParDo. That matters on the SparkRunner, which materialises the whole output of every
 * multi-output ParDo (encoded, then decoded once per consumer): three steps fused cost one materialisation instead
 * of three.
 *
 * <p>Steps are serialised with the DoFn that runs them; {@link #setup} prepares their transient state.
 */
public abstract class RecordStep<InputT, OutputT> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a step sends a record: on to the next step (or the main output), or to the failure output. */
  public interface Receiver<T> {
    void output(T value);

    void refuse(FailedRecord failure);
  }

  /** Prepares transient state; called once per instance before any record. */
  public void setup() {}

  /** Handles one record: calls {@code receiver.output} or {@code receiver.refuse} at most once each, or neither. */
  public abstract void process(InputT input, Receiver<OutputT> receiver);

  /** This step, then {@code next} on each record it passes on; refusals of both go to the same failure output. */
  public <NextT> RecordStep<InputT, NextT> then(RecordStep<OutputT, NextT> next) {
    return new Chain<>(this, next);
  }

  private static final class Chain<InputT, MiddleT, OutputT> extends RecordStep<InputT, OutputT> {
    private static final long serialVersionUID = 1L;
    private final RecordStep<InputT, MiddleT> first;
    private final RecordStep<MiddleT, OutputT> second;
    private transient Receiver<OutputT> downstream;
    private transient Receiver<MiddleT> forward;

    Chain(RecordStep<InputT, MiddleT> first, RecordStep<MiddleT, OutputT> second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void setup() {
      first.setup();
      second.setup();
    }

    @Override
    public void process(InputT input, Receiver<OutputT> receiver) {
      // The runner's receiver is the same for every record, so its forwarder is built once, not per record.
      if (receiver != downstream) {
        downstream = receiver;
        forward =
            new Receiver<MiddleT>() {
              @Override
              public void output(MiddleT value) {
                second.process(value, receiver);
              }

              @Override
              public void refuse(FailedRecord failure) {
                receiver.refuse(failure);
              }
            };
      }
      first.process(input, forward);
    }
  }
}
