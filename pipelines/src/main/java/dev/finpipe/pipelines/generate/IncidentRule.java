package dev.finpipe.pipelines.generate;

import java.util.List;

/**
 * A detection rule of the ops contract, as {@link ExpectedIncidents} applies it: a minute breaches when its
 * {@code signal} is present and at least {@code threshold}; {@code forMinutes} consecutive breaches open an incident,
 * {@code clearMinutes} consecutive healthy minutes after its last breach resolve it. {@code domain} is the ops domain
 * whose records carry the signal.
 */
public record IncidentRule(String name, String signal, double threshold, int forMinutes, int clearMinutes,
    String severity, GeneratedDomain domain) {

  /** The contract's default rules, the only ones the generator's episodes are scripted against. */
  public static final List<IncidentRule> DEFAULTS = List.of(
      new IncidentRule("error_ratio_high", "error_ratio", 0.05, 3, 5, "major", GeneratedDomain.APP_LOGS),
      new IncidentRule("latency_p99_high", "log_latency_p99_ms", 1000, 3, 5, "major", GeneratedDomain.APP_LOGS),
      new IncidentRule("cpu_saturated", "cpu_pct_avg", 90, 5, 5, "minor", GeneratedDomain.INFRA_METRICS),
      new IncidentRule("disk_full", "disk_pct_max", 95, 1, 10, "critical", GeneratedDomain.INFRA_METRICS));

  public static IncidentRule named(String name) {
    return DEFAULTS.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no default rule " + name));
  }
}
