package dev.finpipe.launcher.plan;

import java.time.Duration;

/**
 * Settings given on the command line. Each one that is set replaces the plan's {@code defaults} entry of the same
 * name; a value written on a step itself still wins, since it is the most specific thing the plan's author said.
 * Fields are {@code null} when not given.
 */
public record PolicyOverrides(
    Duration pollInterval, Integer retries, Duration retryDelay, Duration timeout, Integer maxParallel) {

  public static final PolicyOverrides NONE = new PolicyOverrides(null, null, null, null, null);
}
