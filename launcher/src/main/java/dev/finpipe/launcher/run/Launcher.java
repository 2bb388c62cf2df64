package dev.finpipe.launcher.run;

import dev.finpipe.launcher.auth.CredentialException;
import dev.finpipe.launcher.control.StopSignal;
import dev.finpipe.launcher.plan.LocalStage;
import dev.finpipe.launcher.plan.Plan;
import dev.finpipe.launcher.plan.Step;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import dev.finpipe.launcher.synapse.ActivityFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan's steps as a graph: a step starts once every step it depends on has succeeded, at most
 * {@code maxParallel} at a time, the ready ones in the file's order (so {@code maxParallel: 1} is the file's order).
 *
 * <p>When a step does not succeed, its dependants are Skipped; unless the step says {@code continueOnFailure}, the
 * plan also stops: no further step starts (NotStarted), while steps already running finish. {@link #stop(String)}
 * (a signal) starts no more steps and makes the running ones cancel their runs.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private final Plan plan;
  private final StateStore store;
  private final StepRunner pipelines;
  private final StepRunner locals;
  private final StopSignal stop = new StopSignal();
  private final Clock clock;

  /** @param pipelines runs pipeline steps; may be {@code null} for a plan of local stages only */
  public Launcher(Plan plan, StateStore store, StepRunner pipelines, StepRunner locals, Clock clock) {
    this.plan = plan;
    this.store = store;
    this.pipelines = pipelines;
    this.locals = locals;
    this.clock = clock;
  }

  /** Asks the launch to stop: no new step starts, running steps cancel their runs and return. */
  public void stop(String reason) {
    stop.stop(reason);
  }

  /** Runs the plan to its end and returns the final state (also in the state file). */
  public LaunchState run() {
    Map<String, StepStatus> outcome = new HashMap<>();
    List<Step> waiting = new ArrayList<>();
    for (Step step : plan.steps()) {
      StepState earlier = store.step(step.name());
      if (earlier.inFlightRunId().isEmpty() && earlier.status() == StepStatus.SUCCEEDED) {
        LOG.info("[{}] Succeeded in an earlier launch (runs {}); skipped", step.name(), earlier.runIds());
        outcome.put(step.name(), StepStatus.SUCCEEDED);
      } else {
        waiting.add(step);
      }
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(plan.maxParallel(),
        r -> new Thread(r, "step-" + threadNumber.incrementAndGet()));
    CompletionService<Finished> done = new ExecutorCompletionService<>(pool);
    Set<String> running = new HashSet<>();
    String stoppedBy = null;
    try {
      while (true) {
        skipDependantsOfFailures(waiting, outcome);
        if (stoppedBy == null && !stop.isStopped()) {
          for (Iterator<Step> it = waiting.iterator(); it.hasNext() && running.size() < plan.maxParallel(); ) {
            Step step = it.next();
            if (step.dependsOn().stream().allMatch(d -> outcome.get(d) == StepStatus.SUCCEEDED)) {
              it.remove();
              running.add(step.name());
              done.submit(() -> runStep(step));
            }
          }
        }
        if (running.isEmpty()) {
          break;
        }
        Finished finished = take(done);
        running.remove(finished.step().name());
        outcome.put(finished.step().name(), finished.status());
        if (finished.status() != StepStatus.SUCCEEDED && !finished.step().policy().continueOnFailure()
            && stoppedBy == null) {
          stoppedBy = "step '" + finished.step().name() + "' " + finished.status();
          if (!waiting.isEmpty() && !stop.isStopped()) {
            LOG.warn("The plan stops: {} (continueOnFailure is off); no further step starts", stoppedBy);
          }
        }
      }
    } finally {
      pool.shutdown();
    }
    String why = stop.isStopped() ? "the launcher was stopped (" + stop.reason() + ")"
        : "the plan stopped after " + stoppedBy;
    for (Step step : waiting) {
      finish(step, StepStatus.NOT_STARTED, "not started: " + why, null);
    }
    return store.current();
  }

  /** The outcome of one step's thread. */
  private record Finished(Step step, StepStatus status) {}

  private Finished runStep(Step step) {
    StepContext context = new StepContext(step, store, stop, clock, store.step(step.name()).inFlightRunId());
    StepOutcome result;
    try {
      StepRunner runner = step instanceof LocalStage ? locals : pipelines;
      result = runner.run(context);
    } catch (StateException | CredentialException e) {
      result = StepOutcome.failed(e.getMessage(), false);
    } catch (RuntimeException e) {
      LOG.error("[{}] Unexpected error", step.name(), e);
      result = StepOutcome.failed("unexpected error: " + e, false);
    }
    finish(step, result.status(), result.message(), result.failure());
    if (result.status() == StepStatus.SUCCEEDED) {
      context.log().info("Step succeeded");
    } else {
      context.log().error("Step {}: {}", result.status(), result.message());
    }
    return new Finished(step, result.status());
  }

  /** Marks every waiting step that depends on a step that did not succeed as Skipped, transitively. */
  private void skipDependantsOfFailures(List<Step> waiting, Map<String, StepStatus> outcome) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Iterator<Step> it = waiting.iterator(); it.hasNext(); ) {
        Step step = it.next();
        Optional<String> failed = step.dependsOn().stream()
            .filter(d -> outcome.containsKey(d) && outcome.get(d) != StepStatus.SUCCEEDED)
            .findFirst();
        if (failed.isPresent()) {
          it.remove();
          outcome.put(step.name(), StepStatus.SKIPPED);
          String message = "skipped: it depends on '" + failed.get() + "', which " + verb(outcome.get(failed.get()));
          LOG.warn("[{}] {}", step.name(), message);
          finish(step, StepStatus.SKIPPED, message, null);
          changed = true;
        }
      }
    }
  }

  private void finish(Step step, StepStatus status, String message, ActivityFailure failure) {
    String now = clock.instant().toString();
    try {
      store.update(step.name(), s -> s.toBuilder().status(status).message(message).failure(failure).endedAt(now)
          .build());
    } catch (StateException e) {
      LOG.error("[{}] {}", step.name(), e.getMessage());
    }
  }

  private static String verb(StepStatus status) {
    switch (status) {
      case SKIPPED:
        return "was skipped";
      case NOT_STARTED:
        return "did not start";
      case TIMED_OUT:
        return "timed out";
      default:
        return "ended " + status;
    }
  }

  private Finished take(CompletionService<Finished> done) {
    while (true) {
      try {
        return done.take().get();
      } catch (InterruptedException e) {
        // The main thread is not meant to be interrupted; treat it as a request to stop, and keep collecting.
        stop.stop("interrupted");
      } catch (ExecutionException e) {
        throw new IllegalStateException("a step thread failed outside its own error handling", e.getCause());
      }
    }
  }
}
