/**
 * The post-commit step: turns a run's Parquet files into Delta Lake table versions. Every use of delta-standalone
 * lives in {@link dev.finpipe.delta.DeltaTable}, so it can be swapped for Delta Kernel without touching the pipelines.
 * A commit is atomic per table and idempotent: it carries a {@code SetTransaction} (app id, version) and is skipped
 * when the table already holds that version, and source progress (files ingested, Kafka offsets, upstream table
 * versions consumed) is committed in the same log entry as the data it produced.
 */
package dev.finpipe.delta;
