/**
 * Parsing: bronze payloads (JSON objects of the input contract) into {@link dev.finpipe.model.Transaction}s. Parsing
 * judges shape and types only; whether values are acceptable is validation's job, so a record is refused here only
 * when it cannot be read at all, with every reason found.
 */
package dev.finpipe.parse;
