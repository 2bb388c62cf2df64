package dev.finpipe.refine;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.ModelCoders;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runs a {@link RecordStep} (or a chain of them) in one ParDo: records passed on reach {@code output()}, refused ones
 * {@code failures()}; both with their model coders ({@link dev.finpipe.model.ModelCoders}). Elements keep their timestamps and windows.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Transaction>, FailedRecord> refined =
 *     raw.apply("Refine", RecordSteps.of(parse.step().then(validate.step()), Transaction.class));
 * }</pre>
 */
public final class RecordSteps<InputT, OutputT>
    extends PTransform<PCollection<InputT>, WithFailures.Result<PCollection<OutputT>, FailedRecord>> {
  private final RecordStep<InputT, OutputT> step;
  private final Class<OutputT> outputType;

  private RecordSteps(RecordStep<InputT, OutputT> step, Class<OutputT> outputType) {
    this.step = step;
    this.outputType = outputType;
  }

  /** {@code outputType} must have a Beam schema (all model classes do). */
  public static <InputT, OutputT> RecordSteps<InputT, OutputT> of(RecordStep<InputT, OutputT> step, Class<OutputT> outputType) {
    return new RecordSteps<>(step, outputType);
  }

  @Override
  public WithFailures.Result<PCollection<OutputT>, FailedRecord> expand(PCollection<InputT> input) {
    TupleTag<OutputT> outputs = new TupleTag<>("outputs");
    TupleTag<FailedRecord> failures = new TupleTag<>("failures");
    return ModelCoders.outputsOrFailures(
        input.apply(ParDo.of(new StepFn<>(step, outputs, failures)).withOutputTags(outputs, TupleTagList.of(failures))),
        outputs,
        outputType,
        failures);
  }

  static final class StepFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
    private final RecordStep<InputT, OutputT> step;
    private final TupleTag<OutputT> outputs;
    private final TupleTag<FailedRecord> failures;
    // One receiver for every record (chains keep their forwarders while it stays the same); it holds the current one.
    private transient MultiOutputReceiver out;
    private transient RecordStep.Receiver<OutputT> receiver;

    StepFn(RecordStep<InputT, OutputT> step, TupleTag<OutputT> outputs, TupleTag<FailedRecord> failures) {
      this.step = step;
      this.outputs = outputs;
      this.failures = failures;
    }

    @Setup
    public void setup() {
      step.setup();
      receiver =
          new RecordStep.Receiver<OutputT>() {
            @Override
            public void output(OutputT value) {
              out.get(outputs).output(value);
            }

            @Override
            public void refuse(FailedRecord failure) {
              out.get(failures).output(failure);
            }
          };
    }

    @ProcessElement
    public void processElement(@Element InputT input, MultiOutputReceiver out) {
      this.out = out;
      step.process(input, receiver);
    }
  }
}
