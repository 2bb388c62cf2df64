/**
 * Parsing bronze payloads into transactions: {@link dev.finpipe.parse.ParseTransactions} reads each JSON line of the
 * input contract into a {@link dev.finpipe.model.Transaction} with an exact decimal amount and an event time, and
 * sends every payload it cannot read to a failure output of {@link dev.finpipe.model.FailedRecord}s carrying the
 * {@link dev.finpipe.parse.ParseReason} codes that apply, the error and the source coordinates. Parsing judges form
 * only (JSON, fields present, types, readable amount and time); whether values are acceptable is for
 * {@code dev.finpipe.validate}.
 */
package dev.finpipe.parse;
