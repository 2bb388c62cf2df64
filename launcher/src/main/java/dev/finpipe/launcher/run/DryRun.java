package dev.finpipe.launcher.run;

import dev.finpipe.launcher.plan.Durations;
import dev.finpipe.launcher.plan.LocalStage;
import dev.finpipe.launcher.plan.PipelineStep;
import dev.finpipe.launcher.plan.Plan;
import dev.finpipe.launcher.plan.Step;
import dev.finpipe.launcher.plan.StepPolicy;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import dev.finpipe.launcher.synapse.SynapseClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a launch would do, printed without acquiring a token or sending a request: the order steps would start in
 * (when all succeed), which could run together, the exact createRun call or command line, each step's policy, and
 * what the state file would make the launch skip or reattach to.
 */
public final class DryRun {
  private DryRun() {}

  /** @param state the state the launch would start from ({@link LaunchStates#decide}) */
  public static void print(Plan plan, URI endpoint, LaunchState state, Path projectDir, PrintWriter out) {
    out.printf("Dry run of %s: %d step(s), at most %d at a time. Nothing is started.%n", plan.file(),
        plan.steps().size(), plan.maxParallel());
    Set<String> done = new HashSet<>();
    List<Step> order = new ArrayList<>();
    List<Step> left = new ArrayList<>(plan.steps());
    while (!left.isEmpty()) {
      // The launcher's own rule: the first step, in file order, whose dependencies are done.
      Step next = left.stream().filter(s -> done.containsAll(s.dependsOn())).findFirst().orElseThrow();
      left.remove(next);
      done.add(next.name());
      order.add(next);
    }
    int n = 0;
    for (Step step : order) {
      n++;
      out.printf("%2d. %s  [%s]%s%n", n, step.name(), step.kind(), annotation(state.steps().get(step.name())));
      if (step instanceof PipelineStep) {
        PipelineStep p = (PipelineStep) step;
        out.printf("      POST %s/pipelines/%s/createRun?api-version=%s  body %s%n", endpoint, p.pipeline(),
            SynapseClient.API_VERSION, p.parameters());
      } else {
        LocalStage l = (LocalStage) step;
        out.printf("      run: %s  (in %s)%n",
            String.join(" ", LocalStageRunner.command(plan.localCommand(), l, projectDir, 1)), projectDir);
      }
      if (!step.dependsOn().isEmpty()) {
        out.printf("      after: %s%n", String.join(", ", step.dependsOn()));
      }
      out.printf("      %s%n", describe(step.policy(), step instanceof PipelineStep));
    }
  }

  private static String annotation(StepState start) {
    if (start.inFlightRunId().isPresent()) {
      return "  (would reattach to run " + start.inFlightRunId().get() + ")";
    }
    return start.status() == StepStatus.SUCCEEDED ? "  (succeeded in the recorded launch: would be skipped)" : "";
  }

  private static String describe(StepPolicy policy, boolean pipeline) {
    return (pipeline ? "poll every " + Durations.format(policy.pollInterval()) + ", " : "")
        + "retries " + policy.retries() + " after " + Durations.format(policy.retryDelay())
        + ", timeout " + Durations.format(policy.timeout())
        + (policy.continueOnFailure() ? ", continue on failure" : ", stop the plan on failure");
  }
}
