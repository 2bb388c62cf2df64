package dev.finpipe.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Deduplication window and lateness, as ISO-8601 or short durations ({@code 1d}, {@code 6h}, {@code PT30M}). */
public interface DedupeOptions extends PipelineOptions {
  @Description("Event-time window within which a record id is kept once, e.g. 1d, 6h, PT30M. Default: the domain's "
      + "dedupeWindow setting, else 1d.")
  String getDedupeWindow();

  void setDedupeWindow(String dedupeWindow);

  @Description("Events older than the latest committed silver event time minus this go to quarantine as LATE, e.g. 2d. "
      + "Default: the domain's allowedLateness setting, else 2d.")
  String getAllowedLateness();

  void setAllowedLateness(String allowedLateness);
}
