package dev.finpipe.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;

/**
 * Finds the collections a transform produces whose coder falls back to Java serialization, as the coder registry does
 * for schema classes nested in a {@code KV}: slow on a shuffle and fragile across versions.
 */
public final class JavaSerialization {
  private JavaSerialization() {}

  /** Full names of the steps under {@code transformName} whose output coder uses {@link SerializableCoder}. */
  public static List<String> stepsUnder(Pipeline pipeline, String transformName) {
    List<String> found = new ArrayList<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitValue(PValue value, TransformHierarchy.Node producer) {
        if (value instanceof PCollection
            && producer.getFullName().startsWith(transformName + "/")
            && usesJavaSerialization(((PCollection<?>) value).getCoder())) {
          found.add(producer.getFullName());
        }
      }
    });
    return found;
  }

  private static boolean usesJavaSerialization(Coder<?> coder) {
    if (coder instanceof SerializableCoder) {
      return true;
    }
    List<? extends Coder<?>> components = coder.getCoderArguments();
    return components != null && components.stream().anyMatch(JavaSerialization::usesJavaSerialization);
  }
}
