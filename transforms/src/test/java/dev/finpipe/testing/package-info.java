/**
 * Test helpers shared by every module through the transforms test-jar: {@link dev.finpipe.testing.TestRecords} builds
 * raw JSON lines with fixed source coordinates and ingest time, and valid transactions with defaults a test changes
 * one field at a time; {@link dev.finpipe.testing.ChangeRecords} does the same for customer and account changes;
 * {@link dev.finpipe.testing.JsonObject} is the flat payload both change one field of;
 * {@link dev.finpipe.testing.Counters} reads counters back from a finished pipeline.
 */
package dev.finpipe.testing;
