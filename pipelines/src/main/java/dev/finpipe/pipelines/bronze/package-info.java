/**
 * The bronze stage: raw transaction events into {@code bronze/transactions}, exactly once. From files, each file is
 * identified by path, size and modification time, recorded in the Delta log in the same commit as its rows, so a
 * second run over the same folder ingests nothing and a new file is ingested once.
 */
package dev.finpipe.pipelines.bronze;
