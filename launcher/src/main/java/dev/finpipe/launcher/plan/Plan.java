package dev.finpipe.launcher.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated plan: the Synapse workspace, the steps in the file's order (which is also the order they start in when
 * nothing else decides), how many may run at once, and the command template for local stages. Built only by
 * {@link PlanLoader}, so a {@code Plan} is always runnable: names unique, dependencies known and acyclic.
 *
 * @param workspace the Synapse workspace name, or {@code null} for a plan of local stages only
 * @param studioWorkspaceId the workspace's Azure resource id, used for Synapse Studio links when given
 */
public record Plan(
    Path file,
    String workspace,
    Optional<String> studioWorkspaceId,
    int maxParallel,
    List<String> localCommand,
    List<Step> steps) {

  /** {@code make -C <projectDir> <stage> ENV=<env> RUNNER=<runner> DOMAIN=<domain> ARGS=<args joined by spaces>}. */
  public static final List<String> DEFAULT_LOCAL_COMMAND = List.of(
      "make", "-C", "{projectDir}", "{stage}", "ENV={env}", "RUNNER={runner}", "DOMAIN={domain}", "ARGS={args}");

  public Plan {
    localCommand = List.copyOf(localCommand);
    steps = List.copyOf(steps);
  }

  public Optional<Step> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public boolean hasPipelines() {
    return steps.stream().anyMatch(s -> s instanceof PipelineStep);
  }
}
