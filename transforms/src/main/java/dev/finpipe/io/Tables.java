package dev.finpipe.io;

import static dev.finpipe.io.TableSpec.Column.decimal;
import static dev.finpipe.io.TableSpec.Column.optional;
import static dev.finpipe.io.TableSpec.Column.required;

import dev.finpipe.io.TableSpec.Type;
import dev.finpipe.ops.Incident;
import dev.finpipe.ops.OpsKpisDaily;
import dev.finpipe.ops.ServiceMinute;
import java.util.List;

/**
 * The lakehouse's table layouts. Every domain's bronze and quarantine tables share one layout ({@link #bronze},
 * {@link #quarantine}); the constants are the transactions domain's tables and its gold. Paths are relative to the
 * warehouse directory; {@code dev.finpipe.domain.Domains} lists every domain's tables.
 */
public final class Tables {
  /** Amounts of single transactions: up to 1,000,000,000 with at most 3 fraction digits (KWD). */
  public static final int AMOUNT_PRECISION = 18;

  public static final int AMOUNT_SCALE = 3;
  /** Sums of amounts. */
  public static final int TOTAL_PRECISION = 38;
  /** Averages keep three more digits than amounts, rounded half-even. */
  public static final int AVERAGE_SCALE = 6;

  public static final TableSpec BRONZE = bronze("transactions");

  public static final TableSpec SILVER =
      TableSpec.of(
          "silver/transactions",
          "event_date",
          required("transaction_id", Type.STRING),
          required("account_id", Type.STRING),
          required("user_id", Type.STRING),
          decimal("amount", AMOUNT_PRECISION, AMOUNT_SCALE),
          required("currency", Type.STRING),
          required("type", Type.STRING),
          required("status", Type.STRING),
          optional("channel", Type.STRING),
          optional("merchant", Type.STRING),
          optional("country", Type.STRING),
          required("event_time", Type.TIMESTAMP),
          required("ingested_at", Type.TIMESTAMP),
          required("source", Type.STRING),
          required("source_partition", Type.INT),
          required("source_offset", Type.LONG));

  public static final TableSpec QUARANTINE = quarantine("transactions", "transaction_id");

  public static final TableSpec GOLD_DAILY_USER_CURRENCY =
      TableSpec.of(
          "gold/daily_user_currency",
          "date",
          required("user_id", Type.STRING),
          required("currency", Type.STRING),
          required("tx_count", Type.LONG),
          decimal("total_amount", TOTAL_PRECISION, AMOUNT_SCALE),
          decimal("min_amount", AMOUNT_PRECISION, AMOUNT_SCALE),
          decimal("max_amount", AMOUNT_PRECISION, AMOUNT_SCALE),
          decimal("avg_amount", TOTAL_PRECISION, AVERAGE_SCALE),
          required("approved_count", Type.LONG),
          required("declined_count", Type.LONG));

  public static final TableSpec GOLD_DAILY_TOP_USERS =
      TableSpec.of(
          "gold/daily_top_users",
          "date",
          required("currency", Type.STRING),
          required("rank", Type.INT),
          required("user_id", Type.STRING),
          decimal("total_amount", TOTAL_PRECISION, AMOUNT_SCALE),
          required("tx_count", Type.LONG));

  /**
   * Transactions per date, segment and account type, each joined with its account and customer as they were at its
   * event time ({@code UNKNOWN} when a WARN rule kept one whose account or customer had no version then).
   */
  public static final TableSpec GOLD_DAILY_SEGMENT_VOLUME =
      TableSpec.of(
          "gold/daily_segment_volume",
          "date",
          required("segment", Type.STRING),
          required("account_type", Type.STRING),
          required("currency", Type.STRING),
          required("tx_count", Type.LONG),
          decimal("total_amount", TOTAL_PRECISION, AMOUNT_SCALE),
          required("approved_count", Type.LONG),
          required("declined_count", Type.LONG));

  /** Incidents per UTC date of {@code started_at}, the columns of {@link Incident}. */
  public static final DerivedRows<Incident> INCIDENT_ROWS =
      DerivedRows.of("gold/incidents", "date", Incident.class, Incident::date);

  public static final TableSpec GOLD_INCIDENTS = INCIDENT_ROWS.spec();

  /** MTTD and MTTR per date and service, the columns of {@link OpsKpisDaily} but {@code date}, the partition. */
  public static final DerivedRows<OpsKpisDaily> OPS_KPI_ROWS =
      DerivedRows.of("gold/ops_kpis_daily", "date", OpsKpisDaily.class, OpsKpisDaily::getDate);

  public static final TableSpec GOLD_OPS_KPIS_DAILY = OPS_KPI_ROWS.spec();

  /**
   * {@code ops/alerts}: the alerts' outbox and record, one row per alert (idempotency key), partitioned by the UTC
   * date of {@code raised_at}; a row's status moves PENDING -> DELIVERED (or FAILED, retried by the next run).
   */
  public static final TableSpec OPS_ALERTS =
      TableSpec.of(
          "ops/alerts",
          "date",
          required("alert_key", Type.STRING),
          required("kind", Type.STRING),
          required("severity", Type.STRING),
          required("subject", Type.STRING),
          required("message", Type.STRING),
          required("raised_at", Type.TIMESTAMP),
          optional("delivered_at", Type.TIMESTAMP),
          required("attempts", Type.LONG),
          required("sinks", Type.STRING),
          required("delivered_to", Type.STRING),
          required("status", Type.STRING),
          optional("last_error", Type.STRING),
          required("updated_at", Type.TIMESTAMP));

  /**
   * Per service and UTC minute: log counts per level, error ratio, latency percentiles, metrics' statistics; the
   * columns of {@link ServiceMinute}, partitioned by the minute's UTC date.
   */
  public static final DerivedRows<ServiceMinute> SERVICE_MINUTE_ROWS =
      DerivedRows.of("gold/service_minute", "date", ServiceMinute.class, ServiceMinute::date);

  public static final TableSpec GOLD_SERVICE_MINUTE = SERVICE_MINUTE_ROWS.spec();

  /** The transactions domain's tables and gold (every domain's: {@code dev.finpipe.domain.Domains#allTables()}). */
  public static final List<TableSpec> ALL =
      List.of(BRONZE, SILVER, QUARANTINE, GOLD_DAILY_USER_CURRENCY, GOLD_DAILY_TOP_USERS);

  private Tables() {}

  /** {@code bronze/<domain>}: every domain's payloads as ingested, with their source coordinates. */
  public static TableSpec bronze(String domain) {
    return TableSpec.of(
        "bronze/" + domain,
        "ingest_date",
        required("payload", Type.STRING),
        required("source", Type.STRING),
        required("source_partition", Type.INT),
        required("source_offset", Type.LONG),
        required("ingested_at", Type.TIMESTAMP),
        optional("kafka_timestamp", Type.TIMESTAMP),
        optional("kafka_key", Type.STRING));
  }

  /**
   * {@code quarantine/<domain>}: every record refused on the way to silver, with its reasons and source; the record's
   * id, when it was readable, in a column named after the domain's id ({@code idColumn}).
   */
  public static TableSpec quarantine(String domain, String idColumn) {
    return TableSpec.of(
        "quarantine/" + domain,
        "event_date",
        required("stage", Type.STRING),
        required("reasons", Type.STRING),
        required("error", Type.STRING),
        required("payload", Type.STRING),
        required("payload_truncated", Type.BOOLEAN),
        optional(idColumn, Type.STRING),
        optional("event_time", Type.TIMESTAMP),
        required("ingested_at", Type.TIMESTAMP),
        required("source", Type.STRING),
        required("source_partition", Type.INT),
        required("source_offset", Type.LONG));
  }
}
