package dev.finpipe.launcher.run;

import dev.finpipe.launcher.control.CallLimits;
import dev.finpipe.launcher.control.Deadline;
import dev.finpipe.launcher.plan.Durations;
import dev.finpipe.launcher.plan.PipelineStep;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import dev.finpipe.launcher.synapse.ActivityFailure;
import dev.finpipe.launcher.synapse.PipelineRun;
import dev.finpipe.launcher.synapse.RunStarter;
import dev.finpipe.launcher.synapse.RunStatus;
import dev.finpipe.launcher.synapse.StudioLink;
import dev.finpipe.launcher.synapse.SynapseClient;
import dev.finpipe.launcher.synapse.SynapseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a {@link PipelineStep}: starts the pipeline (or reattaches to the run an earlier launch started), records the
 * runId in the state file before the first poll, polls until the run ends, and on the way out cancels the run if the
 * attempt timed out or the launcher is stopping. A run that Failed is reported with its failed activity's error.
 */
public final class PipelineStepRunner implements StepRunner {
  /** Synapse's clock and ours may differ; the activity query's window is widened by this much on both sides. */
  private static final Duration QUERY_SLACK = Duration.ofMinutes(5);
  private static final Duration MAX_CANCEL_POLL = Duration.ofSeconds(5);
  /** How long looking for a run an earlier launch did not record may take. */
  private static final Duration RECOVERY_BUDGET = Duration.ofMinutes(2);

  private final SynapseClient client;
  private final RunStarter starter;
  private final RunCanceller canceller;
  private final Optional<String> studioWorkspaceId;
  private final Duration cancelWait;
  private final Clock clock;

  /** @param cancelWait how long to wait for a cancelled run to reach Cancelled */
  public PipelineStepRunner(SynapseClient client, Optional<String> studioWorkspaceId, Duration cancelWait,
      Clock clock) {
    this.client = client;
    this.starter = new RunStarter(client, clock);
    this.canceller = new RunCanceller(client, clock);
    this.studioWorkspaceId = studioWorkspaceId;
    this.cancelWait = cancelWait;
    this.clock = clock;
  }

  @Override
  public StepOutcome run(StepContext context) {
    PipelineStep step = (PipelineStep) context.step();
    StepOutcome resumed = null;
    if (context.resumeRunId().isPresent()) {
      resumed = reattach(step, context, context.resumeRunId().get());
    } else if (context.state().createRunSentAt() != null) {
      resumed = recoverUnrecordedRun(step, context);
    }
    return Attempts.run(context, resumed, (number, deadline) -> attempt(step, context, number, deadline));
  }

  private StepOutcome reattach(PipelineStep step, StepContext context, String runId) {
    StepState state = context.state();
    context.log().info("Reattaching to run {} of pipeline {}, started by an earlier launch (attempt {})", runId,
        step.pipeline(), state.attempts());
    context.record(s -> s.toBuilder().status(StepStatus.RUNNING).build());
    return follow(step, context, runId, earlierDeadline(step, state));
  }

  /**
   * An earlier launch died after sending createRun and before writing its runId. The rule of {@link RunStarter}
   * applies: exactly one run of the pipeline since then is that run, and is followed; none means the createRun
   * never started one, so the step starts normally ({@code null}); several fail the step without creating more.
   */
  private StepOutcome recoverUnrecordedRun(PipelineStep step, StepContext context) {
    StepState state = context.state();
    Instant sentAt = Instant.parse(state.createRunSentAt());
    context.log().warn("An earlier launch sent createRun for {} at {} and stopped before recording a runId;"
        + " looking for that run", step.pipeline(), sentAt);
    List<PipelineRun> found;
    try {
      found = starter.runsSince(step.pipeline(), sentAt, new HashSet<>(state.runIds()),
          new CallLimits(Deadline.after(clock, RECOVERY_BUDGET), context.stop(), clock));
    } catch (SynapseException e) {
      return StepOutcome.failed("an earlier launch may have started a run of " + step.pipeline() + " at " + sentAt
          + " without recording it, and looking for it failed (" + e.getMessage() + "); check Synapse Studio", false);
    }
    if (found.size() > 1) {
      return StepOutcome.failed("an earlier launch may have started a run of " + step.pipeline() + " at " + sentAt
          + " without recording it, and " + found.size() + " runs started since; not starting another. Check"
          + " Synapse Studio", false);
    }
    if (found.isEmpty()) {
      context.log().info("No run of {} started since {}: that createRun started nothing", step.pipeline(), sentAt);
      context.recordNow(s -> s.toBuilder().createRunSentAt(null).build());
      return null;
    }
    String runId = found.get(0).runId();
    context.recordNow(s -> s.toBuilder().addRunId(runId).createRunSentAt(null)
        .studioLink(StudioLink.forRun(studioWorkspaceId, runId).orElse(null)).build());
    context.log().info("Found it: run {}; reattaching", runId);
    return follow(step, context, runId, earlierDeadline(step, state));
  }

  /** The timeout of an attempt an earlier launch started counts from then, not from now. */
  private Deadline earlierDeadline(PipelineStep step, StepState state) {
    Instant since = Optional.ofNullable(state.attemptStartedAt()).map(Instant::parse).orElse(clock.instant());
    return new Deadline(since.plus(step.policy().timeout()));
  }

  private StepOutcome attempt(PipelineStep step, StepContext context, int number, Deadline deadline) {
    Set<String> known = new HashSet<>(context.state().runIds());
    context.log().info("Starting pipeline {} (attempt {})", step.pipeline(), number);
    // Recorded before sending: if the launcher dies before the runId is written, a restart knows to look for it.
    String sentAt = clock.instant().toString();
    context.recordNow(s -> s.toBuilder().createRunSentAt(sentAt).build());
    RunStarter.Start start = starter.start(step.pipeline(), step.parameters(), known,
        new CallLimits(deadline, context.stop(), clock), step.policy().pollInterval());
    String runId;
    if (start instanceof RunStarter.Created) {
      runId = ((RunStarter.Created) start).runId();
    } else if (start instanceof RunStarter.Adopted) {
      runId = ((RunStarter.Adopted) start).runId();
    } else if (start instanceof RunStarter.NotCreated) {
      RunStarter.NotCreated refused = (RunStarter.NotCreated) start;
      context.record(s -> s.toBuilder().createRunSentAt(null).build());
      if (context.stop().isStopped()) {
        return StepOutcome.cancelled("the launcher stopped (" + context.stop().reason() + ") before a run started");
      }
      String hint = refused.httpStatus() == 401 || refused.httpStatus() == 403
          ? " (authentication: check --credential and the identity's Synapse role)" : "";
      return StepOutcome.failed(refused.reason() + hint, refused.retryable());
    } else {
      // The reason tells the user to check Studio; a later launch then starts the step anew.
      context.record(s -> s.toBuilder().createRunSentAt(null).build());
      return StepOutcome.failed(((RunStarter.Unknown) start).reason(), false);
    }
    Optional<String> link = StudioLink.forRun(studioWorkspaceId, runId);
    // Written before the first poll: from here on a restarted launcher reattaches instead of starting again.
    try {
      context.recordNow(s -> s.toBuilder().addRunId(runId).runStatus(null).createRunSentAt(null)
          .studioLink(link.orElse(null)).build());
    } catch (RuntimeException e) {
      context.log().error("Run {} started but could not be written to the state file: {}", runId, e.getMessage());
    }
    context.log().info("Pipeline {} run {} started{}", step.pipeline(), runId,
        link.map(l -> "; Synapse Studio: " + l).orElse(""));
    return follow(step, context, runId, deadline);
  }

  /** Polls {@code runId} until it ends, the deadline passes, or the launcher stops. */
  private StepOutcome follow(PipelineStep step, StepContext context, String runId, Deadline deadline) {
    Duration pollInterval = step.policy().pollInterval();
    String lastStatus = context.state().runStatus();
    Set<String> unknownSeen = new HashSet<>();
    while (true) {
      PipelineRun run;
      try {
        run = client.getRun(runId, new CallLimits(deadline, context.stop(), clock));
      } catch (SynapseException e) {
        switch (e.reason()) {
          case STOPPED:
            return stopped(step, context, runId);
          case GAVE_UP:
            return timedOut(step, context, runId, e.getMessage());
          default:
            // The run may well still be going; its runStatus stays open so `launch cancel` and a rerun see it.
            return StepOutcome.failed("lost track of run " + runId + ": " + e.getMessage()
                + "; it may still be running (see Synapse Studio, or use `launch cancel`)", false);
        }
      }
      if (!Objects.equals(run.status(), lastStatus)) {
        context.log().info("Run {}: {} -> {}{}", runId, lastStatus == null ? "started" : lastStatus, run.status(),
            blank(run.message()) ? "" : " (" + run.message() + ")");
        lastStatus = run.status();
        context.record(s -> s.toBuilder().runStatus(run.status()).build());
      }
      if (run.state() == RunStatus.UNKNOWN && unknownSeen.add(String.valueOf(run.status()))) {
        context.log().warn("Run {} has status '{}', which the launcher does not know; polling on", runId,
            run.status());
      }
      if (run.state().isFinal()) {
        return ended(step, context, run);
      }
      Duration left = deadline.remaining(clock);
      if (left.isZero()) {
        return timedOut(step, context, runId, null);
      }
      if (!context.stop().sleep(pollInterval.compareTo(left) < 0 ? pollInterval : left)) {
        return stopped(step, context, runId);
      }
    }
  }

  private StepOutcome ended(PipelineStep step, StepContext context, PipelineRun run) {
    String took = run.durationInMs() == null ? "" : " in " + Durations.format(Duration.ofMillis(run.durationInMs()));
    switch (run.state()) {
      case SUCCEEDED:
        context.log().info("Run {} of pipeline {} succeeded{}", run.runId(), step.pipeline(), took);
        return StepOutcome.succeeded("run " + run.runId() + " succeeded" + took);
      case CANCELLED:
        context.log().warn("Run {} of pipeline {} was cancelled outside the launcher{}", run.runId(),
            step.pipeline(), took);
        return StepOutcome.cancelled("run " + run.runId() + " was cancelled outside the launcher"
            + (blank(run.message()) ? "" : ": " + run.message()));
      default:
        Optional<ActivityFailure> failure = failedActivity(step, context, run);
        String why = failure.map(ActivityFailure::toString)
            .orElse(blank(run.message()) ? "no error message" : run.message());
        context.log().error("Run {} of pipeline {} failed{}: {}", run.runId(), step.pipeline(), took, why);
        return StepOutcome.runFailed("run " + run.runId() + " failed: " + why, failure.orElse(null));
    }
  }

  /** The first failed activity, best effort: a run that failed is reported as failed even if this query is not. */
  private Optional<ActivityFailure> failedActivity(PipelineStep step, StepContext context, PipelineRun run) {
    Instant start = run.runStartInstant().orElse(clock.instant().minus(Duration.ofHours(1)));
    try {
      List<ActivityFailure> failures = client.failedActivities(step.pipeline(), run.runId(),
          start.minus(QUERY_SLACK), clock.instant().plus(QUERY_SLACK),
          CallLimits.unstoppable(clock, Duration.ofSeconds(30)));
      return failures.stream().findFirst();
    } catch (SynapseException e) {
      context.log().warn("Could not read the failed activity of run {}: {}", run.runId(), e.getMessage());
      return Optional.empty();
    }
  }

  private StepOutcome timedOut(PipelineStep step, StepContext context, String runId, String cause) {
    context.log().warn("Attempt passed its timeout of {}{}; cancelling run {}",
        Durations.format(step.policy().timeout()), cause == null ? "" : " (" + cause + ")", runId);
    Optional<PipelineRun> end = cancel(step, context, runId);
    if (end.map(r -> r.state() == RunStatus.SUCCEEDED).orElse(false)) {
      return StepOutcome.succeeded("run " + runId + " succeeded just as its timeout passed");
    }
    return StepOutcome.timedOut("timed out after " + Durations.format(step.policy().timeout()) + "; run " + runId
        + " " + describeEnd(end));
  }

  private StepOutcome stopped(PipelineStep step, StepContext context, String runId) {
    context.log().warn("The launcher is stopping ({}); cancelling run {}", context.stop().reason(), runId);
    Optional<PipelineRun> end = cancel(step, context, runId);
    if (end.map(r -> r.state() == RunStatus.SUCCEEDED).orElse(false)) {
      return StepOutcome.succeeded("run " + runId + " succeeded as the launcher stopped");
    }
    return StepOutcome.cancelled("the launcher stopped (" + context.stop().reason() + "); run " + runId + " "
        + describeEnd(end));
  }

  private Optional<PipelineRun> cancel(PipelineStep step, StepContext context, String runId) {
    Duration poll = step.policy().pollInterval().compareTo(MAX_CANCEL_POLL) < 0
        ? step.policy().pollInterval() : MAX_CANCEL_POLL;
    try {
      return canceller.cancelAndWait(runId, poll, cancelWait, run -> {
        context.record(s -> s.toBuilder().runStatus(run.status()).build());
        context.log().info("Run {}: {}", runId, run.status());
      });
    } catch (SynapseException e) {
      context.log().error("Could not cancel run {}: {}", runId, e.getMessage());
      return Optional.empty();
    }
  }

  private String describeEnd(Optional<PipelineRun> end) {
    return end.map(r -> r.state().isFinal() ? "is " + r.status()
            : "is still " + r.status() + " after waiting " + Durations.format(cancelWait))
        .orElse("could not be cancelled; it may still be running (`launch cancel` tries again)");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
