package dev.finpipe.model;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The coder of a model class: its hand-written {@code @DefaultCoder} for the hot records ({@link RawRecord},
 * {@link Transaction}, {@link FailedRecord}, e.g. {@link TransactionCoder}), else its schema coder ({@code @DefaultSchema}).
 *
 * <p>Set it explicitly on the additional outputs of multi-output ParDos and inside {@code KV}s: there Beam's coder
 * inference falls back to {@code SerializableCoder}, which made Java serialization half of the silver stage's CPU time
 * on the SparkRunner.
 */
public final class ModelCoders {
  private ModelCoders() {}

  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    if (type.isAnnotationPresent(DefaultCoder.class)) {
      try {
        return pipeline.getCoderRegistry().getCoder(type);
      } catch (CannotProvideCoderException e) {
        throw new IllegalStateException(type.getName() + "'s @DefaultCoder provides no coder for it", e);
      }
    }
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(
          type.getName() + " has neither a @DefaultCoder nor a Beam schema; annotate it with @DefaultSchema", e);
    }
  }

  /** The outputs of a ParDo that splits records of {@code type} from refused ones, both with their model coders. */
  public static <T> WithFailures.Result<PCollection<T>, FailedRecord> outputsOrFailures(
      PCollectionTuple split, TupleTag<T> outputs, Class<T> type, TupleTag<FailedRecord> failures) {
    Pipeline pipeline = split.getPipeline();
    split.get(outputs).setCoder(of(pipeline, type));
    split.get(failures).setCoder(of(pipeline, FailedRecord.class));
    return WithFailures.Result.of(split, outputs, failures);
  }
}
