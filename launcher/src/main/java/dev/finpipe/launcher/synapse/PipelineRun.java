package dev.finpipe.launcher.synapse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What {@code GET /pipelineruns/{runId}} (and each row of {@code queryPipelineRuns}) says about a run. The status is
 * kept as sent, so an unexpected value can be logged verbatim.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineRun(
    String runId,
    String pipelineName,
    String status,
    String message,
    String runStart,
    String runEnd,
    Long durationInMs,
    String lastUpdated) {

  public RunStatus state() {
    return RunStatus.parse(status);
  }

  public Optional<Instant> runStartInstant() {
    return instant(runStart);
  }

  /** Synapse writes seven fractional digits and sometimes no offset; both parse here. */
  static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(text + "Z"));
      } catch (DateTimeParseException again) {
        return Optional.empty();
      }
    }
  }
}
