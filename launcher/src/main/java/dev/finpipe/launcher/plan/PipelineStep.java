package dev.finpipe.launcher.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A run of the Synapse pipeline {@code pipeline} with {@code parameters} (any JSON values) as the createRun body.
 * The step's name defaults to the pipeline's; naming it differently lets one plan run the same pipeline twice.
 */
public record PipelineStep(
    String name, String pipeline, ObjectNode parameters, List<String> dependsOn, StepPolicy policy, int line)
    implements Step {

  public PipelineStep {
    dependsOn = List.copyOf(dependsOn);
    parameters = parameters.deepCopy();
  }

  @Override
  public ObjectNode parameters() {
    return parameters.deepCopy();
  }

  @Override
  public String kind() {
    return "pipeline";
  }

  @Override
  public String target() {
    return pipeline;
  }
}
