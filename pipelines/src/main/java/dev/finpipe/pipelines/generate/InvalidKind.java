package dev.finpipe.pipelines.generate;

/**
 * Every kind of bad record the generators write. A domain rotates through its own kinds in this order
 * ({@link GeneratedDomain#invalidKinds()}), so that a run with at least that many invalid lines has them all. Each
 * line breaks exactly one rule of its domain's input contract.
 *
 * <p>{@link #BLANK_LINE} is on purpose: a Kafka record with an empty or null value is a record that is not a JSON
 * object and reaches quarantine (a null value in bronze as {@code NULL_VALUE}, an empty one when silver parses it); in
 * a JSON-lines file a blank line holds no record, so the file reader skips it and counts it ({@code blank lines
 * skipped} in bronze's report), and the books still balance.
 */
public enum InvalidKind {
  /** Cut short, as by a torn write: never a complete JSON value. */
  MALFORMED_JSON,
  /** Valid JSON, but an array holding the object instead of the object. */
  NOT_AN_OBJECT,
  /** One required field left out (rotating through all of the domain's). */
  MISSING_REQUIRED_FIELD,
  /** {@code "amount": true}. */
  AMOUNT_BOOLEAN,
  /** A string that is not a decimal: a comma as the decimal separator, {@code "12,50"}. */
  AMOUNT_NOT_NUMERIC,
  AMOUNT_NEGATIVE,
  AMOUNT_ZERO,
  /** Over 1,000,000,000. */
  AMOUNT_TOO_LARGE,
  /** One fraction digit more than the currency's ISO 4217 minor unit allows (the last one non-zero). */
  AMOUNT_TOO_PRECISE,
  /** Three letters that are not an ISO 4217 code we accept. */
  UNKNOWN_CURRENCY,
  /** A transaction {@code type} or an {@code account_type} we do not know. */
  UNKNOWN_TYPE,
  UNKNOWN_STATUS,
  /** Characters outside {@code [A-Za-z0-9_-]}, empty, or longer than 64. */
  BAD_TRANSACTION_ID,
  EVENT_TIME_UNPARSEABLE,
  /** Far in the future: in the year 2100 or later, whatever the window (a change record's {@code updated_at}). */
  EVENT_TIME_FUTURE,
  /** An empty line. */
  BLANK_LINE,
  /** A customer {@code segment} outside RETAIL, PREMIUM, SME, CORPORATE. */
  UNKNOWN_SEGMENT,
  /** A {@code customer_id} or {@code account_id} not in the {@code U-000001} / {@code ACC-000001} form. */
  BAD_ENTITY_ID,
  /** Operations data: a {@code service} or {@code host} that is only spaces (rotating between the two). */
  BLANK_NAME,
  /** A log {@code level} outside DEBUG, INFO, WARN, ERROR, FATAL (lower case or a made-up one). */
  UNKNOWN_LEVEL,
  /** A {@code log_id} with a character outside {@code [A-Za-z0-9_-]} (a content hash's {@code ':'} among them). */
  BAD_LOG_ID,
  /** An {@code http_status} outside 100-599. */
  HTTP_STATUS_OUT_OF_RANGE,
  /** An {@code http_status} or {@code latency_ms} of the wrong JSON type: {@code "200"}, {@code 200.5}, {@code "12ms"}. */
  MEASURE_WRONG_TYPE,
  /** A negative {@code latency_ms}. */
  LATENCY_NEGATIVE,
  /** A {@code metric} outside cpu_pct, mem_pct, disk_pct, latency_p99_ms, error_rate. */
  UNKNOWN_METRIC,
  /** A {@code *_pct} value above 100 or below 0. */
  PCT_OUT_OF_RANGE,
  /** An {@code error_rate} value above 1. */
  ERROR_RATE_OUT_OF_RANGE,
  /** A {@code unit} that is not the metric's ({@code "percent"} for cpu_pct, {@code "s"} for latency_p99_ms). */
  UNIT_MISMATCH,
  /** A {@code value} beyond a double ({@code 1e400}). */
  VALUE_TOO_LARGE
}
