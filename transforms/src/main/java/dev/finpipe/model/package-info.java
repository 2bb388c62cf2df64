/**
 * The records that flow through FinPipe: {@link dev.finpipe.model.RawRecord} (a bronze row: the payload exactly as
 * received plus where it came from), {@link dev.finpipe.model.Transaction} (a parsed event),
 * {@link dev.finpipe.model.FailedRecord} (a quarantine row: the raw payload, the stage that refused it and every
 * reason), {@link dev.finpipe.model.RecordKey} (the identity of an event already in silver) and the gold rows
 * {@link dev.finpipe.model.DailyUserCurrency} and {@link dev.finpipe.model.UserRank}. All are immutable AutoValue
 * classes with Beam schemas, so they get coders without registration; {@link dev.finpipe.model.EventDates} is the one
 * place that names an instant's UTC date.
 */
package dev.finpipe.model;
