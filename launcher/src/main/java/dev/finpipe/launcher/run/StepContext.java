package dev.finpipe.launcher.run;

import dev.finpipe.launcher.control.StopSignal;
import dev.finpipe.launcher.plan.Step;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** What a {@link StepRunner} works with: the step, its line in the state file, the stop signal and the clock. */
public final class StepContext {
  private final Step step;
  private final StateStore store;
  private final StopSignal stop;
  private final Clock clock;
  private final Optional<String> resumeRunId;
  private final StepLog log;

  /** @param resumeRunId a run an earlier launch started and did not see end, to reattach to */
  public StepContext(Step step, StateStore store, StopSignal stop, Clock clock, Optional<String> resumeRunId) {
    this.step = step;
    this.store = store;
    this.stop = stop;
    this.clock = clock;
    this.resumeRunId = resumeRunId;
    this.log = new StepLog(step.name());
  }

  public Step step() {
    return step;
  }

  public StopSignal stop() {
    return stop;
  }

  public Clock clock() {
    return clock;
  }

  public StepLog log() {
    return log;
  }

  public Optional<String> resumeRunId() {
    return resumeRunId;
  }

  public StepState state() {
    return store.step(step.name());
  }

  /**
   * Counts a new attempt in the state file and returns its number (over all launches). Throws
   * {@link StateException} when the file cannot be written: nothing may start that the state could not record.
   */
  public int startAttempt() {
    String now = clock.instant().toString();
    return store.update(step.name(), s -> s.toBuilder()
        .status(StepStatus.RUNNING)
        .attempts(s.attempts() + 1)
        .attemptStartedAt(now)
        .startedAt(s.startedAt() == null ? now : s.startedAt())
        .message(null)
        .failure(null)
        .build()).attempts();
  }

  /** Writes a change that must reach the file before the caller goes on (a new runId, before polling it). */
  public void recordNow(UnaryOperator<StepState> change) {
    store.update(step.name(), change);
  }

  /**
   * Writes a change once a run exists. A write that fails is logged, not thrown: abandoning the run here would
   * leave it going unwatched, which is worse than a stale state file.
   */
  public void record(UnaryOperator<StepState> change) {
    try {
      store.update(step.name(), change);
    } catch (StateException e) {
      log.error("{}", e.getMessage());
    }
  }
}
