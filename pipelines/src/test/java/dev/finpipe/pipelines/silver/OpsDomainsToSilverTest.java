package dev.finpipe.pipelines.silver;

import static org.junit.Assert.assertEquals;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.TableSpec;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The operations domains, app_logs and infra_metrics, through bronze (files) and silver on the DirectRunner: silver
 * rows column for column (written out here by hand), duplicates dropped within a batch and across batches (a log line
 * without log_id by its content hash, against silver's committed ids), refusals in quarantine with their reasons, and
 * a re-run that commits nothing.
 */
public class OpsDomainsToSilverTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private Path config;
  private String warehouse;

  @Before
  public void folders() throws IOException {
    input = tmp.newFolder("input").toPath();
    config = tmp.newFolder("domains").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
  }

  private RunMedallion.Options options(String domain) {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse, "--domain=" + domain,
        "--domainConfig=" + config, "--input=" + input + "/" + domain + "-*.jsonl").as(RunMedallion.Options.class);
  }

  /** Writes {@code lines} as the input file {@code name}, then runs bronze and silver of {@code domain}. */
  private RunReport batch(String domain, String name, String... lines) throws IOException {
    Files.writeString(input.resolve(domain + "-" + name + ".jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    BronzeFromFiles.run(options(domain));
    return BronzeToSilver.run(options(domain));
  }

  /** Each silver row as {@code event_date column=value ...} over {@code columns}, sorted. */
  private Set<String> silver(Domain<?> domain, String... columns) {
    Set<String> rows = new TreeSet<>();
    TableSnapshots.forEachRow(warehouse, domain.silver(), (date, r) -> {
      StringBuilder row = new StringBuilder(date);
      for (String column : columns) {
        row.append(' ').append(column).append('=').append(value(r, column));
      }
      rows.add(row.toString());
    });
    return rows;
  }

  private static Object value(GenericRecord r, String column) {
    return column.equals("event_time") ? AvroValues.timestamp(r, column) : r.get(column);
  }

  private Set<String> quarantine(Domain<?> domain) {
    Set<String> rows = new TreeSet<>();
    TableSnapshots.forEachRow(warehouse, domain.quarantine(),
        (date, r) -> rows.add(r.get(domain.idColumn()) + " " + r.get("stage") + " " + r.get("reasons")));
    return rows;
  }

  private long version(TableSpec spec) {
    return DeltaTable.at(warehouse, spec).version();
  }

  private static String log(String logId, String level, String message, String more) {
    return "{" + (logId == null ? "" : "\"log_id\":\"" + logId + "\",") + "\"service\":\"payments-api\","
        + "\"host\":\"web-01\",\"level\":\"" + level + "\",\"message\":\"" + message + "\"" + more
        + ",\"timestamp\":\"2026-11-20T10:00:00Z\"}";
  }

  private static String sample(String metric, String value, String unit, String timestamp) {
    return "{\"host\":\"web-01\",\"service\":\"payments-api\",\"metric\":\"" + metric + "\",\"value\":" + value
        + ",\"unit\":\"" + unit + "\",\"timestamp\":\"" + timestamp + "\"}";
  }

  /** The content key of a line of {@link #log} without log_id or optional fields, computed here apart from the code. */
  private static String keyOf(String level, String message) {
    String content = "payments-api|web-01|" + level + "|" + message + "|\\0|\\0|\\0|1795168800000";
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  public void appLogsAreKeptOnceByLogIdOrContentAcrossBatches() throws IOException {
    Domain<?> logs = Domains.APP_LOGS;
    String[] columns = {"log_key", "log_id", "level", "message", "trace_id", "http_status", "latency_ms", "event_time"};
    String started = keyOf("INFO", "started");
    String stopped = keyOf("WARN", "stopped");

    RunReport first = batch("app_logs", "1",
        log("L-1", "ERROR", "charge failed", ",\"trace_id\":\"t-1\",\"http_status\":502,\"latency_ms\":30.5"),
        log(null, "INFO", "started", ""),
        log(null, "INFO", "started", ""), // the same line twice, without log_id: one content key
        log(null, "WARN", "stopped", ""),
        log("L-2", "info", "lower-case level", ""),
        log("L-3", "INFO", "status as text", ",\"http_status\":\"200\""),
        "not json");
    assertEquals(Set.of(
            "2026-11-20 log_key=L-1 log_id=L-1 level=ERROR message=charge failed trace_id=t-1 http_status=502"
                + " latency_ms=30.5 event_time=2026-11-20T10:00:00.000Z",
            "2026-11-20 log_key=" + started + " log_id=null level=INFO message=started trace_id=null"
                + " http_status=null latency_ms=null event_time=2026-11-20T10:00:00.000Z",
            "2026-11-20 log_key=" + stopped + " log_id=null level=WARN message=stopped trace_id=null"
                + " http_status=null latency_ms=null event_time=2026-11-20T10:00:00.000Z"),
        silver(logs, columns));
    assertEquals(Set.of("L-2 VALIDATE level_known", "L-3 PARSE WRONG_TYPE", "null PARSE MALFORMED_JSON"),
        quarantine(logs));
    assertEquals(7, first.count("records read"));
    assertEquals(1, first.count("duplicates"));
    assertEquals(1, first.count("rule level_known failed"));
    assertEquals(1, first.count("quarantined PARSE WRONG_TYPE"));

    // A second batch re-delivers two lines, one without log_id: silver already holds both keys.
    Set<String> before = silver(logs, columns);
    RunReport second = batch("app_logs", "2",
        log(null, "INFO", "started", ""),
        log("L-1", "ERROR", "charge failed", ",\"trace_id\":\"t-1\",\"http_status\":502,\"latency_ms\":30.5"),
        log(null, "INFO", "started again", ""));
    Set<String> expected = new TreeSet<>(before);
    expected.add("2026-11-20 log_key=" + keyOf("INFO", "started again") + " log_id=null level=INFO"
        + " message=started again trace_id=null http_status=null latency_ms=null event_time=2026-11-20T10:00:00.000Z");
    assertEquals(expected, silver(logs, columns));
    assertEquals(2, second.count("duplicates"));
    assertEquals(2, second.count("committed keys of this batch's ids"));

    // Nothing new in bronze: nothing committed.
    long silverVersion = version(logs.silver());
    long quarantineVersion = version(logs.quarantine());
    BronzeToSilver.run(options("app_logs"));
    assertEquals(silverVersion, version(logs.silver()));
    assertEquals(quarantineVersion, version(logs.quarantine()));
  }

  @Test
  public void infraMetricsKeepOneSamplePerSeriesAndInstant() throws IOException {
    Domain<?> metrics = Domains.INFRA_METRICS;
    String[] columns = {"sample_key", "metric", "value", "unit", "event_time"};

    RunReport first = batch("infra_metrics", "1",
        sample("cpu_pct", "42.5", "pct", "2026-11-20T10:00:00Z"),
        sample("cpu_pct", "43", "pct", "2026-11-20T10:00:00Z"), // the same sample again, later in the file
        sample("cpu_pct", "44", "pct", "2026-11-20T10:01:00Z"),
        sample("error_rate", "0.02", "ratio", "2026-11-21T00:00:00Z"),
        sample("mem_pct", "140", "pct", "2026-11-20T10:00:00Z"),
        sample("latency_p99_ms", "\"fast\"", "ms", "2026-11-20T10:00:00Z"),
        sample("disk_pct", "101", "%", "2026-11-20T10:00:00Z"));
    assertEquals(Set.of(
            "2026-11-20 sample_key=web-01|payments-api|cpu_pct|2026-11-20T10:00:00.000Z metric=cpu_pct value=42.5"
                + " unit=pct event_time=2026-11-20T10:00:00.000Z",
            "2026-11-20 sample_key=web-01|payments-api|cpu_pct|2026-11-20T10:01:00.000Z metric=cpu_pct value=44.0"
                + " unit=pct event_time=2026-11-20T10:01:00.000Z",
            "2026-11-21 sample_key=web-01|payments-api|error_rate|2026-11-21T00:00:00.000Z metric=error_rate"
                + " value=0.02 unit=ratio event_time=2026-11-21T00:00:00.000Z"),
        silver(metrics, columns));
    assertEquals(Set.of(
            "web-01|payments-api|mem_pct|2026-11-20T10:00:00.000Z VALIDATE pct_range",
            "web-01|payments-api|latency_p99_ms|2026-11-20T10:00:00.000Z PARSE WRONG_TYPE",
            "web-01|payments-api|disk_pct|2026-11-20T10:00:00.000Z VALIDATE pct_range,unit_matches_metric"),
        quarantine(metrics));
    assertEquals(1, first.count("duplicates"));
    assertEquals(2, first.count("rule pct_range failed"));
    assertEquals(1, first.count("rule unit_matches_metric failed"));

    // The first sample re-delivered with another value: the sample is silver's already.
    Set<String> before = silver(metrics, columns);
    RunReport second = batch("infra_metrics", "2", sample("cpu_pct", "99", "pct", "2026-11-20T10:00:00Z"));
    assertEquals(before, silver(metrics, columns));
    assertEquals(1, second.count("duplicates"));

    long silverVersion = version(metrics.silver());
    BronzeToSilver.run(options("infra_metrics"));
    assertEquals(silverVersion, version(metrics.silver()));
  }
}
