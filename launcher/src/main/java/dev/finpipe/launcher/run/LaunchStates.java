package dev.finpipe.launcher.run;

import dev.finpipe.launcher.plan.Plan;
import dev.finpipe.launcher.plan.Step;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, from the state file left by an earlier launch, whether this launch resumes it or starts anew:
 *
 * <ul>
 *   <li>No file, or every step Succeeded last time: a new launch (running a finished plan again is the daily case).
 *   <li>Otherwise resume: Succeeded steps are skipped, a step whose last run may still be going is reattached to
 *       that run, and every other step runs again with a fresh retry budget.
 *   <li>{@code --fresh} starts anew, but is refused while any recorded run may still be going: a new launch would
 *       start those pipelines a second time.
 *   <li>A file written for another workspace or endpoint is refused: its runIds mean nothing there.
 *   <li>A local stage recorded as running whose process is still alive is refused too: it cannot be reattached.
 * </ul>
 */
public final class LaunchStates {
  private static final Logger LOG = LoggerFactory.getLogger(LaunchStates.class);

  private LaunchStates() {}

  /** Decides how this launch starts and writes that state to {@code file}. */
  public static StateStore open(Path file, Plan plan, String endpoint, String credential, boolean fresh,
      Clock clock) {
    return new StateStore(file, decide(file, plan, endpoint, credential, fresh, clock), clock);
  }

  /**
   * The state this launch would start from, without writing anything (dry runs show it). Throws
   * {@link StateException} when the file may not be used.
   */
  public static LaunchState decide(Path file, Plan plan, String endpoint, String credential, boolean fresh,
      Clock clock) {
    Optional<LaunchState> earlier = StateStore.read(file);
    String now = clock.instant().toString();
    LaunchState next = new LaunchState(LaunchState.VERSION, plan.file().toAbsolutePath().toString(),
        plan.workspace(), endpoint, credential, now, now, pendingSteps(plan));
    if (earlier.isEmpty()) {
      return next;
    }
    LaunchState old = earlier.get();
    // A local stage cannot be reattached to; running it again beside itself would be worse than waiting.
    old.steps().values().stream()
        .filter(s -> s.pid() != null && ProcessTree.find(s.pid(), s.pidStartedAt()).isPresent())
        .findFirst()
        .ifPresent(s -> {
          throw new StateException("local stage '" + s.name() + "' from an earlier launch is still running (pid "
              + s.pid() + "); wait for it or end it with launch cancel --state-file " + file);
        });
    if (fresh) {
      if (old.hasRunsInFlight()) {
        throw new StateException(file + " records runs that may still be going (" + inFlight(old) + "); "
            + "--fresh would start them again. Cancel them (launch cancel --state-file " + file + ") or let them"
            + " end, then use --fresh");
      }
      LOG.info("--fresh: starting a new launch over {}", file);
      return next;
    }
    if (!Objects.equals(old.workspace(), plan.workspace()) || !Objects.equals(old.endpoint(), endpoint)) {
      throw new StateException(file + " belongs to workspace " + old.workspace() + " at " + old.endpoint()
          + ", not to " + plan.workspace() + " at " + endpoint + "; use another --state-file");
    }
    boolean finished = !old.hasRunsInFlight() && plan.steps().stream().allMatch(step -> sameStep(old, step)
        .map(s -> s.status() == StepStatus.SUCCEEDED).orElse(false));
    if (finished) {
      LOG.info("The launch recorded in {} (started {}) completed; starting a new one", file, old.launchedAt());
      return next;
    }
    Map<String, StepState> steps = new LinkedHashMap<>();
    for (Step step : plan.steps()) {
      steps.put(step.name(), sameStep(old, step).map(LaunchStates::resumed)
          .orElse(StepState.pending(step.name(), step.kind(), step.target())));
    }
    old.steps().values().stream()
        .filter(s -> s.inFlightRunId().isPresent() && !steps.containsKey(s.name()))
        .forEach(s -> LOG.warn("{} records run {} of step '{}', which this plan no longer has; it is left alone",
            file, s.inFlightRunId().get(), s.name()));
    LOG.info("Resuming the launch recorded in {} (started {}): {} step(s) already succeeded, {} run(s) to reattach",
        file, old.launchedAt(), steps.values().stream().filter(s -> s.status() == StepStatus.SUCCEEDED).count(),
        steps.values().stream().filter(s -> s.inFlightRunId().isPresent()).count());
    return new LaunchState(LaunchState.VERSION, next.plan(), plan.workspace(), endpoint, credential,
        old.launchedAt(), now, steps);
  }

  /** The earlier state of this step, if it was the same kind of step on the same target. */
  private static Optional<StepState> sameStep(LaunchState old, Step step) {
    return Optional.ofNullable(old.steps().get(step.name()))
        .filter(s -> step.kind().equals(s.kind()) && step.target().equals(s.target()));
  }

  /**
   * A step's state for the resumed launch: kept whole when it succeeded, has a run to reattach to, or was killed
   * with a createRun answer unrecorded (the step runner resolves that); otherwise
   * pending again, keeping its attempts and runIds (the history, and the runs a lost createRun answer must not be
   * mistaken for).
   */
  private static StepState resumed(StepState state) {
    if (state.status() == StepStatus.SUCCEEDED || state.inFlightRunId().isPresent()
        || state.createRunSentAt() != null) {
      return state;
    }
    return state.toBuilder().status(StepStatus.PENDING).message(null).failure(null).startedAt(null).endedAt(null)
        .process(null, null).build();
  }

  private static Map<String, StepState> pendingSteps(Plan plan) {
    Map<String, StepState> steps = new LinkedHashMap<>();
    plan.steps().forEach(s -> steps.put(s.name(), StepState.pending(s.name(), s.kind(), s.target())));
    return steps;
  }

  private static String inFlight(LaunchState state) {
    return state.steps().values().stream()
        .filter(s -> s.inFlightRunId().isPresent())
        .map(s -> s.name() + ": " + s.inFlightRunId().get())
        .collect(Collectors.joining(", "));
  }
}
