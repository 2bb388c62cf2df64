package dev.finpipe.parse;

import dev.finpipe.model.AppLog;
import dev.finpipe.model.RawRecord;
import org.joda.time.Instant;

/**
 * Reads one application log line. Required: {@code service}, {@code host}, {@code level}, {@code message},
 * {@code timestamp}; optional: {@code log_id}, {@code trace_id} (strings), {@code http_status} (an integer),
 * {@code latency_ms} (a number). Other fields are ignored. The record's key is {@code log_id}, or the hash of the
 * content when the line has none ({@link AppLog#contentKey}).
 */
public final class AppLogReader extends JsonRecordReader<AppLog> {
  @Override
  protected AppLog read(Fields f, RawRecord raw) {
    String logId = f.optional("log_id", JsonFields::text);
    String service = f.required("service", JsonFields::text);
    String host = f.required("host", JsonFields::text);
    String level = f.required("level", JsonFields::text);
    String message = f.required("message", JsonFields::text);
    String traceId = f.optional("trace_id", JsonFields::text);
    Integer httpStatus = f.optional("http_status", JsonFields::integer);
    Double latencyMs = f.optional("latency_ms", JsonFields::measure);
    Instant timestamp = f.required("timestamp", JsonFields::instant);
    f.identify(logId, timestamp); // a hash of a line that does not parse would name nothing anyone can look up
    if (f.hasProblems()) {
      return null;
    }
    return AppLog.builder()
        .setLogKey(logId != null
            ? logId
            : AppLog.contentKey(service, host, level, message, traceId, httpStatus, latencyMs, timestamp))
        .setLogId(logId)
        .setService(service)
        .setHost(host)
        .setLevel(level)
        .setMessage(message)
        .setTraceId(traceId)
        .setHttpStatus(httpStatus)
        .setLatencyMs(latencyMs)
        .setEventTime(timestamp)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload())
        .build();
  }
}
