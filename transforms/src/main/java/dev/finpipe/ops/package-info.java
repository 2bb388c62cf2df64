/**
 * Operations data in gold: {@link dev.finpipe.ops.AggregateServiceMinute} turns silver log lines and metric samples
 * into one {@link dev.finpipe.ops.ServiceMinute} per service and UTC minute (counts per level, error ratio, latency
 * percentiles from a mergeable {@link dev.finpipe.ops.LatencySketch}, each metric's count, sum, min, average and
 * max), mergeable into the rows of earlier batches; {@link dev.finpipe.ops.ServiceMinuteRows} is the table's format.
 */
package dev.finpipe.ops;
