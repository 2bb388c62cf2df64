package dev.finpipe.pipelines.common;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;

/** The schema coder of a model class (all model classes carry {@code @DefaultSchema}). */
public final class SchemaCoders {
  private SchemaCoders() {}

  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type.getName() + " has no Beam schema; annotate it with @DefaultSchema", e);
    }
  }
}
