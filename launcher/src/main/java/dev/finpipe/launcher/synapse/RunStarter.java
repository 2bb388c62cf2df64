package dev.finpipe.launcher.synapse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finpipe.launcher.control.CallLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a pipeline run at most once per call. createRun is not idempotent, so this is where "never start a pipeline
 * twice by accident" is decided:
 *
 * <ul>
 *   <li>An error status (429, 5xx, any 4xx) means the service answered without creating a run, and a refused
 *       connection means nothing was sent: {@link SynapseClient} resends those by itself.
 *   <li>A lost answer (timeout or broken connection after sending) is ambiguous. We do not add a marker parameter to
 *       find our run afterwards, because that would change the parameters the pipeline runs with. Instead we ask
 *       {@code queryPipelineRuns} for runs of the same pipeline started since just before the attempt (minus
 *       {@link #CLOCK_SLACK} for clock skew, and leaving out runIds this step already knows). Exactly one: it is
 *       ours, adopt it. None after a few looks, or more than one (someone else started the pipeline too): fail the
 *       step clearly and create nothing, since a wrong guess either way would be worse than a person checking
 *       Synapse Studio.
 * </ul>
 */
public final class RunStarter {
  private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);
  static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
  private static final int LOOKS = 3;

  /** What became of one createRun. */
  public sealed interface Start permits Created, Adopted, NotCreated, Unknown {}

  /** Synapse answered with this runId. */
  public record Created(String runId) implements Start {}

  /** The answer was lost; this run, the only one started since, is ours. */
  public record Adopted(String runId) implements Start {}

  /** No run was created; {@code retryable} when a later attempt could succeed. */
  public record NotCreated(String reason, boolean retryable, int httpStatus) implements Start {}

  /** Whether a run exists is unknown: the step must fail without trying again. */
  public record Unknown(String reason) implements Start {}

  private final SynapseClient client;
  private final Clock clock;

  public RunStarter(SynapseClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param knownRunIds runs this step started before, which must not be mistaken for this attempt's
   * @param lookInterval how long to wait between looks for a run whose createRun answer was lost
   */
  public Start start(String pipeline, ObjectNode parameters, Set<String> knownRunIds, CallLimits limits,
      Duration lookInterval) {
    Instant sentAt = clock.instant();
    try {
      return new Created(client.createRun(pipeline, parameters, limits));
    } catch (SynapseException e) {
      switch (e.reason()) {
        case AMBIGUOUS:
          LOG.warn("{}; looking for a run of {} started since {}", e.getMessage(), pipeline, sentAt);
          return findOurRun(pipeline, sentAt, knownRunIds, limits, lookInterval, e.getMessage());
        case GAVE_UP:
          return new NotCreated(e.getMessage(), true, e.httpStatus());
        default:
          // REJECTED: the same request would be refused the same way (bad parameters, no such pipeline, no
          // permission), so another attempt only wastes the retry delay. STOPPED: the launcher is stopping.
          return new NotCreated(e.getMessage(), false, e.httpStatus());
      }
    }
  }

  /**
   * Runs of {@code pipeline} started since {@code sentAt} (less {@link #CLOCK_SLACK}) other than
   * {@code knownRunIds}: the candidates for "the run our createRun made".
   */
  public List<PipelineRun> runsSince(String pipeline, Instant sentAt, Set<String> knownRunIds, CallLimits limits) {
    Instant from = sentAt.minus(CLOCK_SLACK);
    return client.queryRuns(pipeline, from, clock.instant().plus(CLOCK_SLACK), limits).stream()
        .filter(run -> !knownRunIds.contains(run.runId()))
        .filter(run -> run.runStartInstant().map(start -> !start.isBefore(from)).orElse(true))
        .collect(Collectors.toList());
  }

  private Start findOurRun(String pipeline, Instant sentAt, Set<String> knownRunIds, CallLimits limits,
      Duration lookInterval, String lost) {
    Instant from = sentAt.minus(CLOCK_SLACK);
    for (int look = 1; look <= LOOKS; look++) {
      List<PipelineRun> candidates;
      try {
        candidates = runsSince(pipeline, sentAt, knownRunIds, limits);
      } catch (SynapseException e) {
        return new Unknown(lost + "; looking for the run failed too (" + e.getMessage()
            + "); not starting another run. Check Synapse Studio.");
      }
      if (candidates.size() == 1) {
        LOG.info("Found the run createRun started: {}", candidates.get(0).runId());
        return new Adopted(candidates.get(0).runId());
      }
      if (candidates.size() > 1) {
        return new Unknown(lost + "; " + candidates.size() + " runs of " + pipeline + " started since " + from
            + " (" + candidates.stream().map(PipelineRun::runId).collect(Collectors.joining(", "))
            + ") and none can be told apart as ours; not starting another. Check Synapse Studio.");
      }
      if (look < LOOKS && !limits.stop().sleep(lookInterval)) {
        break;
      }
    }
    return new Unknown(lost + "; no run of " + pipeline + " started since " + from + " shows up, but one may still"
        + " exist: not starting another, which could duplicate it. Check Synapse Studio, then run the launcher"
        + " again to start this step anew.");
  }
}
