package dev.finpipe.pipelines.common;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The option of the incremental gold stages to recompute their tables from all of silver instead. */
public interface RebuildOptions extends PipelineOptions {
  @Description("Recompute every date of the stage's gold tables from all of silver (make gold-rebuild, make "
      + "ops-gold-rebuild) instead of merging the silver versions committed since the stage last ran into them.")
  @Default.Boolean(false)
  boolean getRebuild();

  void setRebuild(boolean rebuild);
}
