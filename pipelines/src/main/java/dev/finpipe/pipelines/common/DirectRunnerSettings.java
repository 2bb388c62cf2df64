package dev.finpipe.pipelines.common;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The DirectRunner-specific settings, in a class of their own: it is loaded only when a stage runs on the
 * DirectRunner, so the bundled jar (which leaves the DirectRunner out) never needs {@link DirectOptions}.
 */
final class DirectRunnerSettings {
  private DirectRunnerSettings() {}

  static void runWithoutBlocking(PipelineOptions options) {
    options.as(DirectOptions.class).setBlockOnRun(false);
  }
}
