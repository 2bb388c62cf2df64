/**
 * The operations stages: {@link dev.finpipe.pipelines.ops.OpsToGold} merges the silver app_logs and infra_metrics
 * versions committed since it last ran into {@code gold/service_minute}, one atomic commit per pair of versions.
 */
package dev.finpipe.pipelines.ops;
