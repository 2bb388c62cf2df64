/**
 * The records that flow through FinPipe: {@link dev.finpipe.model.RawRecord} (a bronze row: the payload exactly as
 * received plus where it came from), {@link dev.finpipe.model.Transaction} (a parsed event), and
 * {@link dev.finpipe.model.FailedRecord} (a quarantine row: the raw payload, the stage that refused it and every
 * reason). All are immutable AutoValue classes with Beam schemas, so they get coders without registration.
 */
package dev.finpipe.model;
