package dev.finpipe.pipelines.medallion;

import dev.finpipe.model.EventDates;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableVersion;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.SilverCommitMetrics;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.PipelineRuns.RunFailedException;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.gold.SilverToGold;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The three stages end to end on the DirectRunner over a temporary warehouse, with a fixture holding every kind of
 * bad record; then incremental runs, exactly-once re-runs and a FAIL rule.
 */
public class MedallionEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private String warehouse;

  @Before
  public void setUp() throws IOException {
    input = tmp.newFolder("input").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
  }

  private RunMedallion.Options options(String... extra) {
    String[] base = {"--runner=DirectRunner", "--warehouse=" + warehouse, "--input=" + input + "/*.jsonl"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return PipelineOptionsFactory.fromArgs(args).as(RunMedallion.Options.class);
  }

  /** Copies a fixture; batch-1 also gets a 17th line that is not UTF-8, which a text file cannot hold. */
  private void addInput(String fixture) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/" + fixture);
        OutputStream out = Files.newOutputStream(input.resolve(fixture))) {
      in.transferTo(out);
      if (fixture.equals("batch-1.jsonl")) {
        out.write(new byte[] {'{', '"', 'b', 'a', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}', '\n'});
      }
    }
  }

  private List<String> rows(TableSpec spec, String... columns) {
    List<String> rows = new java.util.ArrayList<>();
    TableSnapshots.forEachRow(warehouse, spec, (partition, r) -> rows.add(partition + " " + render(r, columns)));
    rows.sort(null);
    return rows;
  }

  private static String render(GenericRecord r, String... columns) {
    StringBuilder s = new StringBuilder();
    for (String c : columns) {
      if (s.length() > 0) {
        s.append('|');
      }
      Object v = r.get(c);
      if (c.endsWith("amount")) {
        v = AvroValues.decimal(r, c, c.equals("avg_amount") ? Tables.AVERAGE_SCALE : Tables.AMOUNT_SCALE).toPlainString();
      }
      s.append(v);
    }
    return s.toString();
  }

  private Map<String, Long> duplicatesPerDateOfLastSilverCommit() {
    List<TableVersion> history = DeltaTable.at(warehouse, Tables.SILVER).history();
    return SilverCommitMetrics.duplicatesPerEventDate(history.get(history.size() - 1).operationMetrics());
  }

  private long version(TableSpec spec) {
    return DeltaTable.at(warehouse, spec).version();
  }

  @Test
  public void everyRecordEndsUpInExactlyOnePlaceAndGoldMatches() throws IOException {
    addInput("batch-1.jsonl");
    RunMedallion.Options options = options();

    RunReport bronze = BronzeFromFiles.run(options);
    assertEquals(16, bronze.count("records read"));
    assertEquals(1, bronze.count("blank lines skipped"));
    assertEquals(1, bronze.count("quarantined NOT_UTF8"));

    RunReport silver = BronzeToSilver.run(options);
    assertEquals(15, silver.count("records read"));
    assertEquals(1, silver.count("duplicates"));
    assertEquals(Map.of("2026-11-20", 1L), duplicatesPerDateOfLastSilverCommit()); // line 4 repeats line 1
    assertEquals(0, silver.count("late (quarantined)"));
    assertEquals(0, silver.count("dropped by rule"));

    RunReport gold = SilverToGold.run(options);
    assertEquals(5, gold.count("silver rows read"));

    assertEquals(
        List.of(
            "2026-11-20 t-001|U-1|100.000|PEN|APPROVED",
            "2026-11-20 t-002|U-1|50.500|PEN|DECLINED",
            "2026-11-20 t-003|U-2|300.000|PEN|APPROVED",
            "2026-11-21 t-004|U-2|10.250|USD|APPROVED",
            "2026-11-21 t-011|U-3|5000.000|JPY|APPROVED"),
        rows(Tables.SILVER, "transaction_id", "user_id", "amount", "currency", "status"));

    String today = EventDates.utcDate(org.joda.time.Instant.now());
    // Filed by event date when it was readable, else by ingest date (today).
    assertEquals(
        List.of(
                "2026-11-20 PARSE|WRONG_TYPE|t-012|10",
                "2026-11-20 VALIDATE|amount_minor_units|t-007|12",
                "2026-11-20 VALIDATE|amount_positive|t-006|11",
                "2026-11-20 VALIDATE|currency_iso4217,type_known|t-008|13",
                "2026-11-20 VALIDATE|transaction_id_format|t 010!|15",
                "2030-01-01 VALIDATE|event_time_not_future|t-009|14",
                today + " INGEST|NOT_UTF8|null|17",
                today + " PARSE|MALFORMED_JSON|null|7",
                today + " PARSE|MISSING_FIELD|t-005|9",
                today + " PARSE|NOT_AN_OBJECT|null|8")
            .stream().sorted().collect(Collectors.toList()),
        rows(Tables.QUARANTINE, "stage", "reasons", "transaction_id", "source_offset"));

    assertEquals(
        List.of(
            "2026-11-20 U-1|PEN|2|150.500|50.500|100.000|75.250000|1|1",
            "2026-11-20 U-2|PEN|1|300.000|300.000|300.000|300.000000|1|0",
            "2026-11-21 U-2|USD|1|10.250|10.250|10.250|10.250000|1|0",
            "2026-11-21 U-3|JPY|1|5000.000|5000.000|5000.000|5000.000000|1|0"),
        rows(Tables.GOLD_DAILY_USER_CURRENCY,
            "user_id", "currency", "tx_count", "total_amount", "min_amount", "max_amount", "avg_amount",
            "approved_count", "declined_count"));
    assertEquals(
        List.of(
            "2026-11-20 PEN|1|U-2|300.000|1",
            "2026-11-20 PEN|2|U-1|150.500|2",
            "2026-11-21 JPY|1|U-3|5000.000|1",
            "2026-11-21 USD|1|U-2|10.250|1"),
        rows(Tables.GOLD_DAILY_TOP_USERS, "currency", "rank", "user_id", "total_amount", "tx_count"));
  }

  @Test
  public void runningEachStageAgainCommitsNothing() throws IOException {
    addInput("batch-1.jsonl");
    RunMedallion.run(options());
    Map<TableSpec, Long> versions = new TreeMap<>(java.util.Comparator.comparing(TableSpec::path));
    Tables.ALL.forEach(t -> versions.put(t, version(t)));

    List<RunReport> again = RunMedallion.run(options());

    Tables.ALL.forEach(t -> assertEquals(t.path(), versions.get(t).longValue(), version(t)));
    assertEquals(1, again.get(0).count("input files already ingested"));
    again.forEach(r -> assertThat(r.render(), containsString("nothing committed")));
  }

  @Test
  public void laterBatchIsIncrementalDedupesAcrossRunsAndQuarantinesLateEvents() throws IOException {
    addInput("batch-1.jsonl");
    RunMedallion.run(options());
    List<String> goldDay20 =
        rows(Tables.GOLD_DAILY_USER_CURRENCY, "user_id", "total_amount").stream()
            .filter(r -> r.startsWith("2026-11-20")).collect(Collectors.toList());
    java.util.Set<String> day20Files = DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).liveFiles(java.util.Set.of("2026-11-20"))
        .stream().map(f -> f.relativePath()).collect(Collectors.toCollection(TreeSet::new));

    addInput("batch-2.jsonl");
    List<RunReport> reports = RunMedallion.run(options());

    assertEquals(1, reports.get(0).count("input files ingested"));
    RunReport silver = reports.get(1);
    assertEquals(3, silver.count("records read"));
    assertEquals(1, silver.count("duplicates")); // t-001 was already committed in round 1
    assertEquals(Map.of("2026-11-20", 1L), duplicatesPerDateOfLastSilverCommit());
    assertEquals(1, silver.count("late (quarantined)")); // 2026-11-18 < watermark 2026-11-21T08:00 - 2 days
    assertEquals(1, reports.get(2).count("dates recomputed"));
    assertEquals(
        List.of("2026-11-18 LATE|LATE|t-020"),
        rows(Tables.QUARANTINE, "stage", "reasons", "transaction_id").stream()
            .filter(r -> r.contains("LATE")).collect(Collectors.toList()));
    assertEquals(
        List.of(
            "2026-11-21 U-1|PEN|1|25.000",
            "2026-11-21 U-2|USD|1|10.250",
            "2026-11-21 U-3|JPY|1|5000.000"),
        rows(Tables.GOLD_DAILY_USER_CURRENCY, "user_id", "currency", "tx_count", "total_amount").stream()
            .filter(r -> r.startsWith("2026-11-21")).collect(Collectors.toList()));
    // The untouched date keeps its rows and its very files.
    assertEquals(goldDay20, rows(Tables.GOLD_DAILY_USER_CURRENCY, "user_id", "total_amount").stream()
        .filter(r -> r.startsWith("2026-11-20")).collect(Collectors.toList()));
    assertEquals(day20Files, DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).liveFiles(java.util.Set.of("2026-11-20"))
        .stream().map(f -> f.relativePath()).collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  public void failRuleAbortsTheRunWithoutACommit() throws IOException {
    addInput("batch-1.jsonl");
    BronzeFromFiles.run(options());

    RunFailedException failure =
        assertThrows(RunFailedException.class, () -> BronzeToSilver.run(options("--ruleActions=amount_positive=FAIL")));

    assertThat(failure.getMessage(), containsString("amount_positive"));
    assertFalse(DeltaTable.at(warehouse, Tables.SILVER).exists());
    assertEquals(0, version(Tables.QUARANTINE)); // only bronze's INGEST commit
    // The same bronze versions are processed by the next, healthy run.
    assertEquals(15, BronzeToSilver.run(options()).count("records read"));
  }

  @Test
  public void badRuleOverrideIsRefusedBeforeAnyWork() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BronzeToSilver.run(options("--ruleActions=amount_min=FAIL")));
    assertThat(e.getMessage(), containsString("unknown rule \"amount_min\""));
  }
}
