package dev.finpipe.pipelines.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.finpipe.pipelines.common.Json;
import dev.finpipe.validate.Currencies;
import dev.finpipe.validate.ValidationRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The peer of {@code bench/peer.sh}: the transactions medallion as a data engineer would write it in plain Spark SQL
 * with delta-spark, one {@link SparkSession} on {@code local[*]}, to measure FinPipe against. Bronze keeps each raw
 * line with its file and ingest time; silver parses with {@code from_json}, checks FinPipe's rules (the same rule
 * names, order and constants: {@link ValidationRules}, {@link Currencies}), sends refused rows to quarantine with
 * their reasons and keeps one row per transaction id and UTC event date; gold computes {@code daily_user_currency}
 * and {@code daily_top_users}. Every stage reads the previous stage's Delta table back, as FinPipe's stages do, and
 * nothing is cached. Lives with the tests because delta-spark is a test dependency.
 *
 * <p>Where plain Spark cannot see what FinPipe's strict Jackson reader sees, the peer follows FinPipe for every kind
 * of record the generator writes (see the notes on {@link #parseReasons}).
 *
 * <pre>{@code PeerMedallion --input='bench/work/input-20000/*.jsonl' --warehouse=/tmp/peer --summaryFile=peer.json}</pre>
 */
public final class PeerMedallion {
  /** JSON numbers and strings both arrive as text, so amounts and times are read exactly, as FinPipe reads them. */
  private static final String[] FIELDS = {
    "transaction_id", "account_id", "user_id", "amount", "currency", "type", "status", "channel", "merchant",
    "country", "event_time"
  };

  private static final String[] REQUIRED = {
    "transaction_id", "account_id", "user_id", "amount", "currency", "type", "status", "event_time"
  };

  private static final String CORRUPT = "_corrupt_record";
  /** FinPipe's JsonFields grammar of decimal strings. */
  private static final String DECIMAL = "^-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?$";

  private static final String ISO_OFFSET_TIME =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$";

  private static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  private final SparkSession spark;
  private final String warehouse;
  private final Instant now;
  private final int topN;

  private PeerMedallion(SparkSession spark, String warehouse, Instant now, int topN) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.now = now;
    this.topN = topN;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = flags(args);
    String input = required(flags, "input");
    String warehouse = Path.of(required(flags, "warehouse")).toAbsolutePath().toString();
    int topN = Integer.parseInt(flags.getOrDefault("topN", String.valueOf(10)));
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("peer-medallion")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    Map<String, Object> summary = new LinkedHashMap<>();
    try {
      new PeerMedallion(spark, warehouse, Instant.now(), topN).run(input, summary);
    } finally {
      spark.stop();
    }
    if (flags.containsKey("summaryFile")) {
      Files.writeString(Path.of(flags.get("summaryFile")), Json.write(summary) + "\n", StandardCharsets.UTF_8);
    }
  }

  private void run(String input, Map<String, Object> summary) {
    long start = System.nanoTime();
    bronze(input);
    long bronzeDone = System.nanoTime();
    silver();
    long silverDone = System.nanoTime();
    gold();
    long goldDone = System.nanoTime();
    summary.put("bronze_seconds", (bronzeDone - start) / 1e9);
    summary.put("silver_seconds", (silverDone - bronzeDone) / 1e9);
    summary.put("gold_seconds", (goldDone - silverDone) / 1e9);
    // Counted after the clock stopped, from the tables, so the counts cost the timed stages nothing.
    for (String table : List.of("bronze/transactions", "silver/transactions", "quarantine/transactions",
        "gold/daily_user_currency", "gold/daily_top_users")) {
      summary.put(table + " rows", table(table).count());
    }
    System.out.printf("== Peer (Spark SQL + delta-spark): bronze %.1f s, silver %.1f s, gold %.1f s%n",
        summary.get("bronze_seconds"), summary.get("silver_seconds"), summary.get("gold_seconds"));
  }

  /**
   * Each line as it came, with its file and the ingest time, by ingest date. Blank lines (only spaces, tabs, CRs) are
   * not records: FinPipe's file reader skips them too (ReadJsonLines), so they never reach quarantine.
   */
  private void bronze(String input) {
    spark.read().text(input)
        .where(not(col("value").rlike("^[ \\t\\r]*$")))
        .select(
            col("value").as("payload"),
            input_file_name().as("source"),
            current_timestamp().as("ingested_at"))
        .withColumn("ingest_date", date_format(col("ingested_at"), "yyyy-MM-dd"))
        .write().format("delta").mode("overwrite").partitionBy("ingest_date").save(path("bronze/transactions"));
  }

  private void silver() {
    StructType schema = new StructType();
    for (String field : FIELDS) {
      schema = schema.add(field, DataTypes.StringType);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType);
    Dataset<Row> parsed =
        table("bronze/transactions")
            .withColumn("j", from_json(col("payload"), schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)))
            .select(fieldsOf("j"))
            .withColumn("event_time", eventTime("event_time_text"))
            .withColumn("amount", amount(col("amount_text")))
            .withColumn("parse_reasons", parseReasons())
            .withColumn("rule_reasons", ruleReasons())
            .withColumn("event_date", date_format(coalesce(col("event_time"), col("ingested_at")), "yyyy-MM-dd"));
    // Two passes over bronze (quarantine, silver), as two writes of one job: what FinPipe does too (one read, both
    // outputs), minus Beam's materialisation.
    Column parseFailed = col("parse_reasons").notEqual("");
    Column ruleFailed = col("rule_reasons").notEqual("");
    parsed.where(parseFailed.or(ruleFailed))
        .select(
            when(parseFailed, lit("PARSE")).otherwise(lit("VALIDATE")).as("stage"),
            when(parseFailed, col("parse_reasons")).otherwise(col("rule_reasons")).as("reasons"),
            when(parseFailed, concat_ws("", lit("unparseable: "), col("parse_reasons")))
                .otherwise(concat_ws("", lit("broke "), col("rule_reasons"))).as("error"),
            expr("substring(payload, 1, " + MAX_PAYLOAD_BYTES + ")").as("payload"),
            expr("octet_length(payload) > " + MAX_PAYLOAD_BYTES).as("payload_truncated"),
            col("transaction_id"),
            col("event_time"),
            col("ingested_at"),
            col("source"),
            col("event_date"))
        .write().format("delta").mode("overwrite").partitionBy("event_date").save(path("quarantine/transactions"));
    // FinPipe's dedupe: one row per transaction id per UTC event date, the smallest copy by event time, ingest time
    // and source (DomainRecord.KEEP_ORDER; FinPipe drops the payload before it, so payloads never decide); min of a
    // struct led by those is that, in one hash aggregate, and the payload is not shuffled.
    Column[] kept = {
      col("event_time"), col("ingested_at"), col("source"), col("account_id"), col("user_id"),
      col("amount").cast("decimal(18,3)").as("amount"), col("currency"), col("type"), col("status"), col("channel"),
      col("merchant"), col("country")
    };
    parsed.where(not(parseFailed.or(ruleFailed)))
        .groupBy("transaction_id", "event_date")
        .agg(min(struct(kept)).as("k"))
        .select(
            col("transaction_id"), col("k.account_id"), col("k.user_id"), col("k.amount"), col("k.currency"),
            col("k.type"), col("k.status"), col("k.channel"), col("k.merchant"), col("k.country"),
            col("k.event_time"), col("k.ingested_at"), col("k.source"), col("event_date"))
        .write().format("delta").mode("overwrite").partitionBy("event_date").save(path("silver/transactions"));
  }

  private void gold() {
    // FinPipe's average: total / count at scale 6, rounded half-even (45.9578125 -> 45.957812). Dividing the
    // decimal(38,3) total would round half-up at scale 6 already (Spark cuts the quotient's scale to fit 38 digits),
    // so the division takes the sum at its own decimal(28,3): a quotient at scale 13, whose half-up rounding cannot
    // move the half-even rounding at 6 for counts below 10^7 (|r/c - 1/2| >= 1/(2c) > 5e-8).
    table("silver/transactions")
        .groupBy(col("event_date").as("date"), col("user_id"), col("currency"))
        .agg(
            expr("count(*)").as("tx_count"),
            sum("amount").cast("decimal(38,3)").as("total_amount"),
            min("amount").as("min_amount"),
            max("amount").as("max_amount"),
            sum(when(col("status").equalTo("APPROVED"), 1L).otherwise(0L)).as("approved_count"),
            sum(when(col("status").equalTo("DECLINED"), 1L).otherwise(0L)).as("declined_count"))
        .withColumn("avg_amount",
            expr("cast(bround(cast(total_amount as decimal(28,3)) / tx_count, 6) as decimal(38,6))"))
        .select("user_id", "currency", "tx_count", "total_amount", "min_amount", "max_amount", "avg_amount",
            "approved_count", "declined_count", "date")
        .write().format("delta").mode("overwrite").partitionBy("date").save(path("gold/daily_user_currency"));
    // FinPipe's ranking: per date and currency, larger total first, equal totals by user id ascending, 1..N.
    table("gold/daily_user_currency")
        .withColumn("rank", row_number().over(
            Window.partitionBy("date", "currency").orderBy(col("total_amount").desc(), col("user_id").asc())))
        .where(col("rank").leq(topN))
        .select(col("currency"), col("rank"), col("user_id"), col("total_amount"), col("tx_count"), col("date"))
        .write().format("delta").mode("overwrite").partitionBy("date").save(path("gold/daily_top_users"));
  }

  /** The parsed fields as {@code <field>_text}, the payload's metadata, and whether the payload was not JSON at all. */
  private static Column[] fieldsOf(String parsed) {
    List<Column> columns = new ArrayList<>(List.of(col("payload"), col("source"), col("ingested_at")));
    for (String field : FIELDS) {
      columns.add(col(parsed + "." + field).as(columnOf(field)));
    }
    columns.add(col(parsed).isNull().or(col(parsed + "." + CORRUPT).isNotNull()).as("unreadable"));
    return columns.toArray(new Column[0]);
  }

  /** The column a JSON field is read into: amount and event_time as text, parsed into their own columns afterwards. */
  private static String columnOf(String field) {
    return field.equals("amount") || field.equals("event_time") ? field + "_text" : field;
  }

  /**
   * FinPipe's reasons of a PARSE failure, comma-separated in {@code ParseReason} order, or "" for a readable record.
   * Not JSON: {@code MALFORMED_JSON}, or {@code NOT_AN_OBJECT} when it is a JSON array. Spark gives a JSON boolean,
   * object or array field as its text, so those texts are FinPipe's {@code WRONG_TYPE} (a string "true" would be
   * counted the same way; the generator writes none). Amounts outside the decimal grammar are {@code BAD_AMOUNT}; times
   * neither ISO-8601 with an offset nor epoch milliseconds (digits) are {@code BAD_EVENT_TIME}.
   */
  private static Column parseReasons() {
    Column unreadable = col("unreadable");
    Column missing = lit(false);
    for (String field : REQUIRED) {
      missing = missing.or(col(columnOf(field)).isNull());
    }
    Column amountWrongType = isNonScalarText(col("amount_text"));
    Column timeWrongType = isNonScalarText(col("event_time_text"));
    Column badAmount = col("amount_text").isNotNull().and(not(amountWrongType)).and(col("amount").isNull());
    Column badTime = col("event_time_text").isNotNull().and(not(timeWrongType)).and(col("event_time").isNull());
    return when(unreadable,
            when(expr("json_array_length(payload) IS NOT NULL"), lit("NOT_AN_OBJECT")).otherwise(lit("MALFORMED_JSON")))
        .otherwise(concat_ws(",",
            when(missing, lit("MISSING_FIELD")),
            when(amountWrongType.or(timeWrongType), lit("WRONG_TYPE")),
            when(badAmount, lit("BAD_AMOUNT")),
            when(badTime, lit("BAD_EVENT_TIME"))));
  }

  private static Column isNonScalarText(Column text) {
    return text.isin("true", "false").or(text.startsWith("{")).or(text.startsWith("["));
  }

  /** The amount, exact, when its text is a decimal number. */
  private static Column amount(Column text) {
    return when(text.rlike(DECIMAL).and(length(text).leq(100)), text.cast("decimal(38,12)"));
  }

  /** ISO-8601 with an offset, or epoch milliseconds (digits); below a millisecond truncated, as FinPipe does. */
  private static Column eventTime(String text) {
    return expr("timestamp_millis(coalesce("
        + "unix_millis(CASE WHEN " + text + " RLIKE '" + ISO_OFFSET_TIME.replace("\\", "\\\\") + "' THEN cast(" + text
        + " AS timestamp) END), "
        + "CASE WHEN " + text + " RLIKE '^-?[0-9]{1,16}$' THEN cast(" + text + " AS bigint) END))");
  }

  /** FinPipe's validation rules in its order, comma-separated names of the broken ones; "" when all pass. */
  private Column ruleReasons() {
    List<Column> pairs = new ArrayList<>();
    Currencies.codes().forEach(code -> {
      pairs.add(lit(code));
      pairs.add(lit(Currencies.minorUnits(code).getAsInt()));
    });
    Column minorUnits = element_at(map(pairs.toArray(new Column[0])), col("currency"));
    Column fraction = regexp_replace(regexp_extract(col("amount_text"), "^-?\\d+\\.(\\d+)", 1), "0+$", "");
    Column exponent = coalesce(regexp_extract(col("amount_text"), "[eE]([+-]?\\d+)$", 1).cast("int"), lit(0));
    Column strippedScale = length(fraction).minus(exponent);
    String future = "timestamp_millis(" + now.plusMillis(ValidationRules.FUTURE_TOLERANCE.getMillis()).toEpochMilli() + ")";
    Column rules = concat_ws(",",
        when(not(col("transaction_id").rlike("^[A-Za-z0-9_-]{1,64}\\z")), lit("transaction_id_format")),
        when(col("account_id").rlike("^\\s*\\z"), lit("account_id_present")),
        when(col("user_id").rlike("^\\s*\\z"), lit("user_id_present")),
        when(col("amount").leq(0), lit("amount_positive")),
        when(col("amount").gt(lit(ValidationRules.MAX_AMOUNT)), lit("amount_max")),
        when(minorUnits.isNull(), lit("currency_iso4217")),
        when(minorUnits.isNotNull().and(strippedScale.gt(minorUnits)), lit("amount_minor_units")),
        when(not(col("type").isin(ValidationRules.TYPES.toArray())), lit("type_known")),
        when(not(col("status").isin(ValidationRules.STATUSES.toArray())), lit("status_known")),
        when(col("event_time").gt(expr(future)), lit("event_time_not_future")));
    // Rules judge parsed records only.
    return when(col("parse_reasons").equalTo(""), rules).otherwise(lit(""));
  }

  private Dataset<Row> table(String relative) {
    return spark.read().format("delta").load(path(relative));
  }

  private String path(String relative) {
    return warehouse + "/" + relative;
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("Expected --name=value, got \"" + arg
            + "\"; flags: --input=<glob> --warehouse=<dir> [--summaryFile=<json>] [--topN=10]");
      }
      flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return flags;
  }

  private static String required(Map<String, String> flags, String name) {
    String value = flags.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required; flags: --input=<glob> --warehouse=<dir>"
          + " [--summaryFile=<json>] [--topN=10]");
    }
    return value;
  }
}
