package dev.finpipe.launcher.run;

import dev.finpipe.launcher.control.CallLimits;
import dev.finpipe.launcher.control.StopSignal;
import dev.finpipe.launcher.synapse.PipelineRun;
import dev.finpipe.launcher.synapse.SynapseClient;
import dev.finpipe.launcher.synapse.SynapseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cancels a run and waits, for a bounded time, until Synapse reports it ended. Cancelling is asynchronous in Synapse
 * (Canceling, then Cancelled), and a launcher that exits right after asking would report a run as stopped that is
 * still writing data. The wait ignores the launcher's stop signal: it is what stopping is waiting for.
 */
public final class RunCanceller {
  private final SynapseClient client;
  private final Clock clock;

  public RunCanceller(SynapseClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param onStatus told each status read while waiting (to log it and keep the state file current)
   * @return the run as last read: final if it ended within {@code budget}; empty when it could not be read at all
   * @throws SynapseException when the cancel itself was refused or could not be sent in time
   */
  public Optional<PipelineRun> cancelAndWait(String runId, Duration pollEvery, Duration budget,
      Consumer<PipelineRun> onStatus) {
    CallLimits limits = CallLimits.unstoppable(clock, budget);
    client.cancelRun(runId, limits);
    Optional<PipelineRun> last = Optional.empty();
    StopSignal pause = StopSignal.never();
    while (true) {
      try {
        PipelineRun run = client.getRun(runId, limits);
        onStatus.accept(run);
        last = Optional.of(run);
        if (run.state().isFinal()) {
          return last;
        }
      } catch (SynapseException e) {
        return last;
      }
      Duration left = limits.remaining();
      if (left.isZero()) {
        return last;
      }
      pause.sleep(pollEvery.compareTo(left) < 0 ? pollEvery : left);
    }
  }
}
