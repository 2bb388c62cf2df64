package dev.finpipe.parse;

/**
 * Why {@link ParseRecords} refused a payload. The names are the reason codes written to quarantine and used in
 * the {@code failed_<REASON>} counters; a record gets every code that applies to it, in this order.
 */
public enum ParseReason {
  /** Not JSON: a syntax error, an empty payload, trailing content or a duplicated field name. */
  MALFORMED_JSON,
  /** Valid JSON, but an array, a string, a number, a boolean or null instead of an object. */
  NOT_AN_OBJECT,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field holds the wrong JSON type, such as a boolean amount or an object event time. */
  WRONG_TYPE,
  /**
   * A number is unusable: a decimal (the amount) is a string that is not a decimal number, is out of range, or needs
   * more than 38 digits; an integer is beyond an int; a measure is beyond a double.
   */
  BAD_AMOUNT,
  /**
   * A time (event_time, updated_at, opened_at) is neither ISO-8601 with an offset nor whole epoch milliseconds, or is
   * outside years 1-9999.
   */
  BAD_EVENT_TIME
}
