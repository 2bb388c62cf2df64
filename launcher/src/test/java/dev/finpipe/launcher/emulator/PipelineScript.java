package dev.finpipe.launcher.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the emulator does for one pipeline: how each of its runs behaves (the n-th createRun gets the n-th run
 * script, the last one repeating), and which HTTP faults it answers with first. Immutable; build with the static
 * factories and the {@code with...} methods.
 *
 * <pre>{@code
 * PipelineScript.succeedAfterPolls(2).withCreateRunFaults(Fault.tooManyRequests(Duration.ofMillis(30)))
 * PipelineScript.failAfterPolls(1, "2200", "Source file not found")
 * }</pre>
 */
public final class PipelineScript {

  /** How one run moves through its statuses as it is polled. */
  public record RunScript(int pollsToFinish, String finalStatus, String errorCode, String errorMessage) {

    /** The status a GET returns at poll number {@code poll} (1-based). */
    String statusAt(int poll) {
      if (finalStatus == null || poll < pollsToFinish) {
        return poll <= 1 && pollsToFinish > 2 ? "Queued" : "InProgress";
      }
      return finalStatus;
    }
  }

  /** An HTTP error answered instead of the real one. */
  public record Fault(int status, String code, Duration retryAfter) {

    public static Fault tooManyRequests(Duration retryAfter) {
      return new Fault(429, "TooManyRequests", retryAfter);
    }

    public static Fault serverError() {
      return new Fault(500, "InternalServerError", null);
    }

    public static Fault unavailable() {
      return new Fault(503, "ServiceUnavailable", null);
    }
  }

  /** What createRun does with the answer. */
  public enum Answer {
    /** Answer at once (the normal case). */
    NORMAL,
    /** Create the run, then hold the answer until the client has given up: a lost answer for a real run. */
    CREATE_THEN_HOLD,
    /** Hold the answer without creating anything: a lost answer for no run. */
    HOLD_WITHOUT_CREATING
  }

  private final List<RunScript> runs;
  private final List<Fault> createRunFaults;
  private final List<Fault> statusFaults;
  private final Answer answer;

  private PipelineScript(List<RunScript> runs, List<Fault> createRunFaults, List<Fault> statusFaults,
      Answer answer) {
    this.runs = List.copyOf(runs);
    this.createRunFaults = List.copyOf(createRunFaults);
    this.statusFaults = List.copyOf(statusFaults);
    this.answer = answer;
  }

  public static PipelineScript succeedAfterPolls(int polls) {
    return of(new RunScript(polls, "Succeeded", null, null));
  }

  public static PipelineScript failAfterPolls(int polls, String errorCode, String message) {
    return of(new RunScript(polls, "Failed", errorCode, message));
  }

  public static PipelineScript cancelledAfterPolls(int polls) {
    return of(new RunScript(polls, "Cancelled", null, null));
  }

  /** Stays InProgress until cancelled. */
  public static PipelineScript hang() {
    return of(new RunScript(Integer.MAX_VALUE, null, null, null));
  }

  /** Each createRun gets the next script; the last repeats. */
  public static PipelineScript runs(RunScript... scripts) {
    return new PipelineScript(List.of(scripts), List.of(), List.of(), Answer.NORMAL);
  }

  private static PipelineScript of(RunScript run) {
    return runs(run);
  }

  public static RunScript succeeding(int polls) {
    return new RunScript(polls, "Succeeded", null, null);
  }

  public static RunScript failing(int polls, String errorCode, String message) {
    return new RunScript(polls, "Failed", errorCode, message);
  }

  /** The first createRun calls get these faults, one each, before one is accepted. */
  public PipelineScript withCreateRunFaults(Fault... faults) {
    return new PipelineScript(runs, List.of(faults), statusFaults, answer);
  }

  /** The first status reads of this pipeline's runs get these faults, one each. */
  public PipelineScript withStatusFaults(Fault... faults) {
    return new PipelineScript(runs, createRunFaults, List.of(faults), answer);
  }

  /** The first createRun loses its answer this way (later ones answer normally). */
  public PipelineScript withFirstAnswer(Answer first) {
    return new PipelineScript(runs, createRunFaults, statusFaults, first);
  }

  RunScript run(int index) {
    return runs.get(Math.min(index, runs.size() - 1));
  }

  List<Fault> createRunFaults() {
    return new ArrayList<>(createRunFaults);
  }

  List<Fault> statusFaults() {
    return new ArrayList<>(statusFaults);
  }

  Answer firstAnswer() {
    return answer;
  }
}
