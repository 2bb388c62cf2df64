package dev.finpipe.launcher.plan;

import java.util.List;

/**
 * One node of a plan's graph: a Synapse pipeline run or a local medallion stage. {@link #name()} is unique in the
 * plan and is what {@code dependsOn}, the state file and the summary refer to.
 */
public sealed interface Step permits PipelineStep, LocalStage {

  String name();

  /** Names of the steps that must have succeeded before this one starts. */
  List<String> dependsOn();

  StepPolicy policy();

  /** Line of the step in the plan file, for messages. */
  int line();

  /** {@code pipeline} or {@code local}, as shown in tables and the state file. */
  String kind();

  /** What the step starts: the pipeline's name or the stage's. */
  String target();
}
