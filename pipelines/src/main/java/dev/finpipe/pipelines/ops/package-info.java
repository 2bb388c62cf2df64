/**
 * The operations stages: {@link dev.finpipe.pipelines.ops.OpsToGold} merges the silver app_logs and infra_metrics
 * versions committed since it last ran into {@code gold/service_minute}, one atomic commit per pair of versions.
 * {@link dev.finpipe.pipelines.ops.RaiseAlerts}: the alerts (incident opened/resolved, stage
 * failed, quarantine rate, freshness lag) raised from committed state into the {@code ops/alerts} outbox and delivered
 * to webhook and Slack sinks with retries, each under an idempotency key, at least once (README "Alerts").
 */
package dev.finpipe.pipelines.ops;
