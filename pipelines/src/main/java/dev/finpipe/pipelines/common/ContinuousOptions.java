package dev.finpipe.pipelines.common;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Continuous mode: the stage repeats bounded micro-batches until stopped. */
public interface ContinuousOptions extends PipelineOptions {
  @Description("Repeat the stage every --triggerInterval until stopped (SIGTERM or Ctrl-C ends after the current batch).")
  @Default.Boolean(false)
  boolean getContinuous();

  void setContinuous(boolean continuous);

  @Description("Pause between micro-batches in continuous mode, e.g. 10s.")
  @Default.String("10s")
  String getTriggerInterval();

  void setTriggerInterval(String triggerInterval);

  @Description("In continuous mode, stop after this many batches (0 = until stopped). Handy for tests and demos.")
  @Default.Integer(0)
  int getMaxBatches();

  void setMaxBatches(int maxBatches);

  @Description("The most records one batch takes, so a backlog (a first tick after a long stop, an available-now run"
      + " over a day of Kafka) runs as several batches that fit the heap: bronze from Kafka reads at most this many"
      + " offsets, shared among the partitions by lag; silver at most this many bronze rows, in whole bronze versions"
      + " (at least one). The next batch starts at once; without --continuous the run repeats batches until it has"
      + " caught up. 0 = everything available in one batch.")
  @Default.Long(1_000_000)
  long getMaxRecordsPerTrigger();

  void setMaxRecordsPerTrigger(long maxRecordsPerTrigger);

  @Description(
      "After each batch, compact (as make optimize, one dataChange=false commit per table) every partition of the"
          + " tables the batch committed to that holds more than this many files below 128 MiB (0 = off).")
  @Default.Integer(0)
  int getAutoCompact();

  void setAutoCompact(int autoCompact);

  @Description("In continuous mode, serve Prometheus metrics on this port at /metrics (0 = off).")
  @Default.Integer(0)
  int getMetricsPort();

  void setMetricsPort(int metricsPort);

  @Description("The address the metrics endpoint binds to; loopback unless a scraper elsewhere needs it.")
  @Default.String("127.0.0.1")
  String getMetricsHost();

  void setMetricsHost(String metricsHost);
}
