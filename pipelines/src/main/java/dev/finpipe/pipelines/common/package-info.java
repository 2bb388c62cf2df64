/**
 * What every stage shares: run ids, running a pipeline with progress lines, reading its counters, committing its
 * files to Delta tables in a safe order, and the end-of-run summary whose books must balance.
 */
package dev.finpipe.pipelines.common;
