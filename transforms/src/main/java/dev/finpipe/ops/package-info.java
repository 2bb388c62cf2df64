/**
 * Operations (issue 12): incidents detected from per-minute service health and their daily KPIs.
 * {@link dev.finpipe.ops.MinutePoint} is one service's signals in one minute (what {@code gold/service_minute}
 * yields); {@link dev.finpipe.ops.IncidentRule}s ({@link dev.finpipe.ops.IncidentRules}: built in or from
 * {@code runners-config/<env>/incidents.yaml}) say when a signal breaches; {@link dev.finpipe.ops.IncidentDetector}
 * turns one service's minutes into its {@link dev.finpipe.ops.Incident}s, sequentially and as a pure function of the
 * series, and {@link dev.finpipe.ops.DetectIncidents} runs it per service in a pipeline;
 * {@link dev.finpipe.ops.IncidentPlan} says what an incremental run must re-read and replace so that it equals a full
 * recompute; {@link dev.finpipe.ops.OpsKpis} and {@link dev.finpipe.ops.ComputeOpsKpis} give MTTD and MTTR per
 * service and day ({@link dev.finpipe.ops.OpsKpisDaily}).
 * {@link dev.finpipe.ops.AggregateServiceMinute} turns silver log lines and metric samples
 * into one {@link dev.finpipe.ops.ServiceMinute} per service and UTC minute (counts per level, error ratio, latency
 * percentiles from a mergeable {@link dev.finpipe.ops.LatencySketch}, each metric's count, sum, min, average and
 * max), mergeable into the rows of earlier batches (the table's format is {@code dev.finpipe.io.Tables#SERVICE_MINUTE_ROWS}).
 */
package dev.finpipe.ops;
