/**
 * Silver's lateness and deduplication, built without state or timers so the same code runs on the SparkRunner and the
 * DirectRunner: {@link dev.finpipe.dedupe.RouteLateEvents} sends events older than the data-driven cutoff (latest event
 * time committed to silver minus the allowed lateness) to quarantine as LATE, never dropping them, and
 * {@link dev.finpipe.dedupe.DedupeRecords} then keeps one record per transaction id per event-time window,
 * chosen by a total order, treating ids already committed to silver as duplicates and exposing every dropped copy.
 */
package dev.finpipe.dedupe;
