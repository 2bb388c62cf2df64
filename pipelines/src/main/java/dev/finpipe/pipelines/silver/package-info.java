/**
 * The silver stage: bronze rows not processed yet are parsed, validated by named rules, routed LATE when older than
 * the silver watermark minus the allowed lateness, and deduplicated by transaction id per event-time window (also
 * against ids already in silver). Clean rows go to {@code silver/transactions}, every refused record to
 * {@code quarantine/transactions} with its reasons.
 */
package dev.finpipe.pipelines.silver;
