package dev.finpipe.launcher.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole state file: which plan, workspace and endpoint it belongs to, and every step's {@link StepState} in plan
 * order. {@code status} and {@code cancel} work from this file alone.
 *
 * @param credential the {@code --credential} the launch used, so {@code status} and {@code cancel} can reuse it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LaunchState(
    int version,
    String plan,
    String workspace,
    String endpoint,
    String credential,
    String launchedAt,
    String updatedAt,
    Map<String, StepState> steps) {

  public static final int VERSION = 1;

  public LaunchState {
    steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps == null ? Map.of() : steps));
  }

  public LaunchState withStep(StepState step, String now) {
    Map<String, StepState> changed = new LinkedHashMap<>(steps);
    changed.put(step.name(), step);
    return new LaunchState(version, plan, workspace, endpoint, credential, launchedAt, now, changed);
  }

  /** True when some step has a Synapse run that may still be going. */
  public boolean hasRunsInFlight() {
    return steps.values().stream().anyMatch(s -> s.inFlightRunId().isPresent());
  }
}
