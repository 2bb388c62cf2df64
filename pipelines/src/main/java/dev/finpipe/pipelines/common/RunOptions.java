package dev.finpipe.pipelines.common;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options every stage's driver has. */
public interface RunOptions extends PipelineOptions {
  @Description("Also write the run summary as JSON to this file (benchmarks and tools read it).")
  String getSummaryFile();

  void setSummaryFile(String summaryFile);
}
