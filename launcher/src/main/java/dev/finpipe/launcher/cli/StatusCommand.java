package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.auth.CredentialException;
import dev.finpipe.launcher.control.CallLimits;
import dev.finpipe.launcher.run.Summary;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.synapse.PipelineRun;
import dev.finpipe.launcher.synapse.SynapseClient;
import dev.finpipe.launcher.synapse.SynapseException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code launch status}: the table of a launch from its state file, plus the live status of its in-flight runs when
 * Synapse can be reached. Read-only: the state file is left as it is (a launcher may be running on it).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a launch's steps from its state file, and the live status of runs still in flight.")
public final class StatusCommand extends StateFileCommand {
  @Option(names = "--no-refresh", description = "Do not ask Synapse for the live status of in-flight runs.")
  boolean noRefresh;

  @Override
  int call(LaunchState state, PrintWriter out, PrintWriter err) {
    out.printf("Plan %s, workspace %s, launched %s, last update %s%n", state.plan(), state.workspace(),
        state.launchedAt(), state.updatedAt());
    Summary.printTable(state, out);
    List<StepState> inFlight = state.steps().values().stream()
        .filter(s -> s.inFlightRunId().isPresent())
        .collect(Collectors.toList());
    if (!noRefresh && !inFlight.isEmpty()) {
      refresh(state, inFlight, out, err);
    }
    return ExitCodes.OK;
  }

  private void refresh(LaunchState state, List<StepState> inFlight, PrintWriter out, PrintWriter err) {
    SynapseClient client;
    try {
      client = client(state);
    } catch (CredentialException | IllegalArgumentException e) {
      err.println("Live status unavailable: " + e.getMessage());
      return;
    }
    out.println("Live status:");
    for (StepState step : inFlight) {
      String runId = step.inFlightRunId().get();
      try {
        PipelineRun run = client.getRun(runId, CallLimits.unstoppable(parent.clock(), Duration.ofSeconds(30)));
        out.printf("  %s: run %s is %s%s%n", step.name(), runId, run.status(),
            run.message() == null || run.message().isBlank() ? "" : " (" + run.message() + ")");
      } catch (SynapseException e) {
        out.printf("  %s: run %s: live status unavailable: %s%n", step.name(), runId, e.getMessage());
      }
    }
  }
}
