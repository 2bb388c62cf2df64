package dev.finpipe.launcher.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.finpipe.launcher.synapse.ActivityFailure;
import dev.finpipe.launcher.synapse.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One step's line in the state file.
 *
 * @param attempts attempts made over every launch of this state file
 * @param runIds every Synapse run this step started, oldest first; the last one is written before it is polled
 * @param runStatus the last status Synapse gave for the last run ({@code null} before the first poll)
 * @param attemptStartedAt when the current attempt began: a reattached run's timeout counts from here
 * @param createRunSentAt set just before a createRun is sent and cleared once its outcome is recorded; still set
 *     after a crash, it means a run may exist whose runId was never written
 * @param pid with {@code pidStartedAt}, the local stage's process while it runs (to tell it from a reused pid)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepState(
    String name,
    String kind,
    String target,
    StepStatus status,
    int attempts,
    List<String> runIds,
    String runStatus,
    String attemptStartedAt,
    String createRunSentAt,
    String startedAt,
    String endedAt,
    String message,
    ActivityFailure failure,
    Long pid,
    String pidStartedAt,
    String studioLink) {

  public StepState {
    runIds = runIds == null ? List.of() : List.copyOf(runIds);
  }

  public static StepState pending(String name, String kind, String target) {
    return new StepState(name, kind, target, StepStatus.PENDING, 0, List.of(), null, null, null, null, null, null,
        null, null, null, null);
  }

  /**
   * The run a launcher must reattach to instead of starting another: the last run, unless Synapse already said it
   * ended.
   */
  @JsonIgnore
  public Optional<String> inFlightRunId() {
    if (runIds.isEmpty() || (runStatus != null && RunStatus.parse(runStatus).isFinal())) {
      return Optional.empty();
    }
    return Optional.of(runIds.get(runIds.size() - 1));
  }

  @JsonIgnore
  public Optional<String> lastRunId() {
    return runIds.isEmpty() ? Optional.empty() : Optional.of(runIds.get(runIds.size() - 1));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few fields of a state, the rest kept. */
  public static final class Builder {
    private String name;
    private String kind;
    private String target;
    private StepStatus status;
    private int attempts;
    private List<String> runIds;
    private String runStatus;
    private String attemptStartedAt;
    private String createRunSentAt;
    private String startedAt;
    private String endedAt;
    private String message;
    private ActivityFailure failure;
    private Long pid;
    private String pidStartedAt;
    private String studioLink;

    private Builder(StepState s) {
      name = s.name;
      kind = s.kind;
      target = s.target;
      status = s.status;
      attempts = s.attempts;
      runIds = new ArrayList<>(s.runIds);
      runStatus = s.runStatus;
      attemptStartedAt = s.attemptStartedAt;
      createRunSentAt = s.createRunSentAt;
      startedAt = s.startedAt;
      endedAt = s.endedAt;
      message = s.message;
      failure = s.failure;
      pid = s.pid;
      pidStartedAt = s.pidStartedAt;
      studioLink = s.studioLink;
    }

    public Builder status(StepStatus value) {
      status = value;
      return this;
    }

    public Builder attempts(int value) {
      attempts = value;
      return this;
    }

    public Builder addRunId(String value) {
      runIds.add(value);
      return this;
    }

    public Builder runStatus(String value) {
      runStatus = value;
      return this;
    }

    public Builder attemptStartedAt(String value) {
      attemptStartedAt = value;
      return this;
    }

    public Builder createRunSentAt(String value) {
      createRunSentAt = value;
      return this;
    }

    public Builder startedAt(String value) {
      startedAt = value;
      return this;
    }

    public Builder endedAt(String value) {
      endedAt = value;
      return this;
    }

    public Builder message(String value) {
      message = value;
      return this;
    }

    public Builder failure(ActivityFailure value) {
      failure = value;
      return this;
    }

    public Builder process(Long processId, String processStartedAt) {
      pid = processId;
      pidStartedAt = processStartedAt;
      return this;
    }

    public Builder studioLink(String value) {
      studioLink = value;
      return this;
    }

    public StepState build() {
      return new StepState(name, kind, target, status, attempts, runIds, runStatus, attemptStartedAt,
          createRunSentAt, startedAt, endedAt, message, failure, pid, pidStartedAt, studioLink);
    }
  }
}
