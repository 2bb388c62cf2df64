package dev.finpipe.pipelines.ops;

import dev.finpipe.io.Tables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One row of {@code ops/alerts}: an alert, named by its idempotency key (deterministic from the event that raised it,
 * so a re-run raises the same key and finds it recorded), with its delivery state. {@code sinks} are the sinks it goes
 * to and {@code deliveredTo} those that acknowledged it (both comma-separated, in the routes' order); {@code attempts}
 * counts every HTTP request made for it, over all sinks and runs.
 */
public record Alert(
    String key,
    String kind,
    String severity,
    String subject,
    String message,
    Instant raisedAt,
    @Nullable Instant deliveredAt,
    long attempts,
    List<String> sinks,
    List<String> deliveredTo,
    String status,
    @Nullable String lastError,
    Instant updatedAt) {
  public static final String INCIDENT_OPENED = "incident_opened";
  public static final String INCIDENT_RESOLVED = "incident_resolved";
  public static final String STAGE_FAILED = "stage_failed";
  public static final String QUARANTINE_RATE = "quarantine_rate";
  public static final String FRESHNESS_LAG = "freshness_lag";

  /** Recorded, not yet delivered to every sink. */
  public static final String PENDING = "PENDING";
  /** Every sink acknowledged it (2xx). */
  public static final String DELIVERED = "DELIVERED";
  /** A sink did not take it within the retry budget; the next run tries again (the same key). */
  public static final String FAILED = "FAILED";

  /** A new alert, PENDING, raised at {@code now}. */
  public static Alert raised(String key, String kind, String severity, String subject, String message, List<String> sinks, Instant now) {
    return new Alert(key, kind, severity, subject, message, now, null, 0, List.copyOf(sinks), List.of(), PENDING, null, now);
  }

  /** The sinks it still has to reach. */
  public List<String> sinksLeft() {
    return sinks.stream().filter(s -> !deliveredTo.contains(s)).collect(java.util.stream.Collectors.toList());
  }

  /** The partition value of its row: the UTC date it was raised. */
  public String date() {
    return raisedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  GenericRecord toRecord() {
    Schema schema = Tables.OPS_ALERTS.avroSchema();
    GenericRecord r = new GenericData.Record(schema);
    r.put("alert_key", key);
    r.put("kind", kind);
    r.put("severity", severity);
    r.put("subject", subject);
    r.put("message", message);
    r.put("raised_at", micros(raisedAt));
    r.put("delivered_at", deliveredAt == null ? null : micros(deliveredAt));
    r.put("attempts", attempts);
    r.put("sinks", String.join(",", sinks));
    r.put("delivered_to", String.join(",", deliveredTo));
    r.put("status", status);
    r.put("last_error", lastError);
    r.put("updated_at", micros(updatedAt));
    return r;
  }

  static Alert fromRecord(GenericRecord r) {
    return new Alert(
        r.get("alert_key").toString(),
        r.get("kind").toString(),
        r.get("severity").toString(),
        r.get("subject").toString(),
        r.get("message").toString(),
        instant((Long) r.get("raised_at")),
        r.get("delivered_at") == null ? null : instant((Long) r.get("delivered_at")),
        (Long) r.get("attempts"),
        names(r.get("sinks").toString()),
        names(r.get("delivered_to").toString()),
        r.get("status").toString(),
        r.get("last_error") == null ? null : r.get("last_error").toString(),
        instant((Long) r.get("updated_at")));
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
  }

  private static List<String> names(String csv) {
    return csv.isEmpty() ? List.of() : List.of(csv.split(","));
  }
}
