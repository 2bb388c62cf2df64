package dev.finpipe.model;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The schema coder of a model class (all model classes carry {@code @DefaultSchema}).
 *
 * <p>Set it explicitly on the additional outputs of multi-output ParDos and inside {@code KV}s: there Beam's coder
 * inference falls back to {@code SerializableCoder}, which made Java serialization half of the silver stage's CPU time
 * on the SparkRunner.
 */
public final class SchemaCoders {
  private SchemaCoders() {}

  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type.getName() + " has no Beam schema; annotate it with @DefaultSchema", e);
    }
  }

  /** The outputs of a ParDo that splits records of {@code type} from refused ones, both with their schema coders. */
  public static <T> WithFailures.Result<PCollection<T>, FailedRecord> outputsOrFailures(
      PCollectionTuple split, TupleTag<T> outputs, Class<T> type, TupleTag<FailedRecord> failures) {
    Pipeline pipeline = split.getPipeline();
    split.get(outputs).setCoder(of(pipeline, type));
    split.get(failures).setCoder(of(pipeline, FailedRecord.class));
    return WithFailures.Result.of(split, outputs, failures);
  }
}
