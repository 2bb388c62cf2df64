package dev.finpipe.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** What gold computes. */
public interface GoldOptions extends PipelineOptions {
  @Description("How many users daily_top_users ranks per date and currency.")
  @Default.Integer(10)
  int getTopN();

  void setTopN(int topN);
}
