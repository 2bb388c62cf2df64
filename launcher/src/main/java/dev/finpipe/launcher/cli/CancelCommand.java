package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.auth.CredentialException;
import dev.finpipe.launcher.run.ProcessTree;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.run.RunCanceller;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import dev.finpipe.launcher.synapse.PipelineRun;
import dev.finpipe.launcher.synapse.RunStatus;
import dev.finpipe.launcher.synapse.SynapseClient;
import dev.finpipe.launcher.synapse.SynapseException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code launch cancel}: cancels every run the state file records as possibly in flight, waits (bounded) for each to
 * reach Cancelled, ends local stages still running, and records the outcome so that the next {@code run} starts
 * those steps anew instead of reattaching. A launcher still running on the file sees its runs end Cancelled and
 * stops them as cancelled steps.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel the in-flight runs recorded in a state file.")
public final class CancelCommand extends StateFileCommand {
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  @Option(names = "--wait", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "5m",
      description = "How long to wait for each run to reach Cancelled (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--poll-interval", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "5s",
      description = "How often to check a cancelled run's status while waiting (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Override
  int call(LaunchState state, PrintWriter out, PrintWriter err) {
    StateStore store;
    try {
      store = new StateStore(stateFile, state, parent.clock());
    } catch (StateException e) {
      return ExitCodes.fail(err, e.getMessage(), ExitCodes.STATE);
    }
    List<StepState> runs = store.current().steps().values().stream()
        .filter(s -> s.inFlightRunId().isPresent())
        .collect(Collectors.toList());
    List<StepState> processes = store.current().steps().values().stream()
        .filter(s -> s.pid() != null)
        .collect(Collectors.toList());
    if (runs.isEmpty() && processes.isEmpty()) {
      out.println("Nothing in flight in " + stateFile);
      return ExitCodes.OK;
    }
    boolean allEnded = endProcesses(store, processes, out);
    if (!runs.isEmpty()) {
      SynapseClient client;
      try {
        client = client(store.current());
      } catch (CredentialException | IllegalArgumentException e) {
        return ExitCodes.fail(err, "Cannot cancel: " + e.getMessage(), ExitCodes.CREDENTIALS);
      }
      RunCanceller canceller = new RunCanceller(client, parent.clock());
      for (StepState step : runs) {
        allEnded &= cancel(canceller, store, step, out);
      }
    }
    return allEnded ? ExitCodes.OK : ExitCodes.NOT_ALL_SUCCEEDED;
  }

  private boolean cancel(RunCanceller canceller, StateStore store, StepState step, PrintWriter out) {
    String runId = step.inFlightRunId().get();
    Optional<PipelineRun> end;
    try {
      end = canceller.cancelAndWait(runId, pollInterval, wait, run -> { });
    } catch (SynapseException e) {
      out.printf("%s: could not cancel run %s: %s%n", step.name(), runId, e.getMessage());
      return false;
    }
    String status = end.map(PipelineRun::status).orElse(null);
    boolean ended = end.map(r -> r.state().isFinal()).orElse(false);
    String now = parent.clock().instant().toString();
    store.update(step.name(), s -> {
      StepState.Builder b = s.toBuilder().runStatus(status);
      if (ended && s.status() == StepStatus.RUNNING) {
        b.status(end.get().state() == RunStatus.SUCCEEDED ? StepStatus.SUCCEEDED : StepStatus.CANCELLED)
            .message("run " + runId + " " + status + " after launch cancel").endedAt(now);
      }
      return b.build();
    });
    out.printf("%s: run %s is %s%n", step.name(), runId,
        ended ? status : (status == null ? "in an unknown state" : "still " + status) + " after waiting " + wait);
    return ended;
  }

  private boolean endProcesses(StateStore store, List<StepState> steps, PrintWriter out) {
    String now = parent.clock().instant().toString();
    for (StepState step : steps) {
      Optional<ProcessHandle> process = ProcessTree.find(step.pid(), step.pidStartedAt());
      process.ifPresent(p -> ProcessTree.destroy(p, KILL_GRACE));
      out.printf("%s: %s%n", step.name(), process.isPresent() ? "ended process " + step.pid()
          : "process " + step.pid() + " had already ended");
      store.update(step.name(), s -> s.toBuilder().process(null, null).status(StepStatus.CANCELLED)
          .message("ended by launch cancel").endedAt(now).build());
    }
    return true;
  }
}
