package dev.finpipe.pipelines.ops;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.generate.GenerateOps;
import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Generated operations data with scripted incident episodes (GenerateOps: a burst whose last errors arrive in the
 * next file, a latency spike with a short healthy gap, a CPU saturation across the file boundary, a full disk still
 * open at the end, ...) through the real medallion on the SparkRunner, one generated file of each ops domain per
 * round: after each round gold/incidents holds exactly the incidents the generator's manifest lists for the files
 * read so far (computed by the generator's own implementation of the detection rules over the lines it wrote), and
 * gold/ops_kpis_daily holds the MTTD and MTTR computed here from those incidents; at the end a rebuild gives the same
 * rows.
 */
public class OpsIncidentsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DOMAINS = List.of("app_logs", "infra_metrics");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path generated;
  private Path feed;
  private Path config;
  private String warehouse;

  /** The runner's flags. */
  private List<String> runner;

  @Before
  public void folders() throws IOException {
    generated = tmp.newFolder("generated").toPath();
    feed = tmp.newFolder("feed").toPath();
    config = tmp.newFolder("domains").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
  }

  /** Yesterday's last {@code minutes} minutes of both ops domains: recent enough for silver, wholly in the past. */
  private void generate(int services, int minutes) throws IOException {
    String end = Instant.now().truncatedTo(ChronoUnit.DAYS).toString();
    for (String domain : DOMAINS) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = GenerateOps.execute(new PrintStream(err, true, StandardCharsets.UTF_8), "--domain=" + domain,
          "--outputDir=" + generated.resolve(domain), "--seed=7", "--services=" + services, "--minutes=" + minutes,
          "--batches=2", "--end=" + end);
      assertEquals(err.toString(StandardCharsets.UTF_8), 0, exit);
      Files.createDirectories(feed.resolve(domain));
      Files.writeString(config.resolve(domain + ".yaml"), "input: " + feed.resolve(domain) + "/*.jsonl\n");
    }
  }

  private RunMedallion.Options options(String... more) {
    List<String> args = new ArrayList<>(runner);
    args.addAll(List.of("--warehouse=" + warehouse, "--domains=app_logs,infra_metrics", "--domainConfig=" + config));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(RunMedallion.Options.class);
  }

  @Test
  public void onTheSparkRunner() throws IOException {
    runner = List.of("--runner=SparkRunner", "--sparkMaster=local[2]", "--enableSparkMetricSinks=false");
    generate(2, 100);
    incidentsAndKpisAfterEachBatchAreTheManifestsAndARebuildAgrees();
  }

  /** The same on the DirectRunner, on less data (one service): it is slow on volume. */
  @Test
  public void onTheDirectRunner() throws IOException {
    runner = List.of("--runner=DirectRunner", "--targetParallelism=2");
    generate(1, 80);
    incidentsAndKpisAfterEachBatchAreTheManifestsAndARebuildAgrees();
  }

  private void incidentsAndKpisAfterEachBatchAreTheManifestsAndARebuildAgrees() throws IOException {
    Map<String, JsonNode> manifests = new TreeMap<>();
    for (String domain : DOMAINS) {
      manifests.put(domain, JSON.readTree(generated.resolve(domain).resolve(GenerateOps.MANIFEST).toFile()));
    }
    int files = manifests.get("app_logs").get("files").size();
    assertEquals(2, files);
    List<String> afterFirst = null;
    for (int f = 0; f < files; f++) {
      for (String domain : DOMAINS) {
        String name = manifests.get(domain).get("files").get(f).get("file").asText();
        Files.copy(generated.resolve(domain).resolve(name), feed.resolve(domain).resolve(name));
      }
      RunMedallion.run(options());

      List<String> expected = new ArrayList<>();
      for (String domain : DOMAINS) {
        manifests.get(domain).get("after_files").get(f).get("incidents").forEach(i -> expected.add(manifestRow(i)));
      }
      expected.sort(null);
      assertEquals("after file " + (f + 1), expected, storedIncidents());
      assertEquals("after file " + (f + 1), kpisOf(manifestIncidents(manifests, f)), storedKpis());
      if (f == 0) {
        afterFirst = expected;
      }
    }
    // The episodes make this more than a count: an incident still open, one resolved, and a second file that
    // changed what the first had given (a burst extended, an incident detected only with both files).
    List<String> all = storedIncidents();
    assertTrue(all.toString(), all.stream().anyMatch(r -> r.endsWith(" OPEN")));
    assertTrue(all.toString(), all.stream().anyMatch(r -> r.endsWith(" RESOLVED")));
    assertThat(all.size(), greaterThan(1));
    assertNotEquals(afterFirst, all);

    long before = DeltaTable.at(warehouse, Tables.GOLD_INCIDENTS).version();
    RunMedallion.run(options());
    assertEquals("a round with nothing new commits nothing", before,
        DeltaTable.at(warehouse, Tables.GOLD_INCIDENTS).version());

    List<String> kpis = storedKpis();
    OpsToGold.run(options("--rebuild"));
    assertEquals(all, storedIncidents());
    assertEquals(kpis, storedKpis());
  }

  private static String manifestRow(JsonNode i) {
    // The manifest writes times as java.time does (no millis on a whole minute), ids as the tables' keys do (millis).
    String id = i.get("incident_id").asText().replaceFirst(":00Z$", ":00.000Z");
    return String.join(" ", id, i.get("severity").asText(), i.get("started_at").asText(),
        i.get("detected_at").asText(), i.get("resolved_at").isNull() ? "-" : i.get("resolved_at").asText(),
        i.get("last_breach_at").asText(), Long.toString(i.get("breach_minutes").asLong()), i.get("status").asText());
  }

  private List<String> storedIncidents() {
    List<String> rows = new ArrayList<>();
    for (GenericRecord r : TableSnapshots.rows(warehouse, Tables.GOLD_INCIDENTS)) {
      rows.add(String.join(" ", r.get("incident_id").toString(), r.get("severity").toString(), time(r, "started_at"),
          time(r, "detected_at"), r.get("resolved_at") == null ? "-" : time(r, "resolved_at"),
          time(r, "last_breach_at"), r.get("breach_minutes").toString(), r.get("status").toString()));
    }
    rows.sort(null);
    return rows;
  }

  private static String time(GenericRecord r, String column) {
    return Instant.EPOCH.plus((Long) r.get(column), ChronoUnit.MICROS).toString();
  }

  /** An incident as the manifest lists it; {@code resolved} is null while open. */
  private record Listed(String service, Instant started, Instant detected, Instant resolved) {}

  /** The manifests' incidents after file {@code f}. */
  private static List<Listed> manifestIncidents(Map<String, JsonNode> manifests, int f) {
    List<Listed> incidents = new ArrayList<>();
    for (JsonNode manifest : manifests.values()) {
      for (JsonNode i : manifest.get("after_files").get(f).get("incidents")) {
        incidents.add(new Listed(i.get("service").asText(), Instant.parse(i.get("started_at").asText()),
            Instant.parse(i.get("detected_at").asText()),
            i.get("resolved_at").isNull() ? null : Instant.parse(i.get("resolved_at").asText())));
      }
    }
    return incidents;
  }

  /**
   * The KPI rows, computed here: per service and date, the incidents detected that date (MTTD = detected - started)
   * and those resolved that date (MTTR = resolved - detected), each as mean, and median and p90 by nearest rank.
   */
  private static List<String> kpisOf(List<Listed> incidents) {
    Map<String, List<Double>> mttd = new TreeMap<>();
    Map<String, List<Double>> mttr = new TreeMap<>();
    for (Listed i : incidents) {
      mttd.computeIfAbsent(date(i.detected()) + " " + i.service(), d -> new ArrayList<>())
          .add((double) (i.detected().getEpochSecond() - i.started().getEpochSecond()));
      if (i.resolved() != null) {
        mttr.computeIfAbsent(date(i.resolved()) + " " + i.service(), d -> new ArrayList<>())
            .add((double) (i.resolved().getEpochSecond() - i.detected().getEpochSecond()));
      }
    }
    List<String> rows = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(mttd.keySet());
    keys.addAll(mttr.keySet());
    for (String key : keys) {
      List<Double> d = mttd.getOrDefault(key, List.of());
      List<Double> r = mttr.getOrDefault(key, List.of());
      rows.add(key + " " + d.size() + " " + r.size() + " " + stats(d) + " " + stats(r));
    }
    return rows;
  }

  private static String stats(List<Double> values) {
    if (values.isEmpty()) {
      return "- - -";
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    double mean = sorted.stream().mapToDouble(Double::doubleValue).sum() / sorted.size();
    double median = sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1);
    double p90 = sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
    return mean + " " + median + " " + p90;
  }

  private List<String> storedKpis() {
    List<String> rows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, Tables.GOLD_OPS_KPIS_DAILY, (date, r) -> rows.add(date + " "
        + r.get("service") + " " + r.get("incidents_opened") + " " + r.get("incidents_resolved") + " "
        + value(r, "mttd_mean_s") + " " + value(r, "mttd_median_s") + " " + value(r, "mttd_p90_s") + " "
        + value(r, "mttr_mean_s") + " " + value(r, "mttr_median_s") + " " + value(r, "mttr_p90_s")));
    rows.sort(null);
    return rows;
  }

  private static String value(GenericRecord r, String column) {
    return r.get(column) == null ? "-" : r.get(column).toString();
  }

  private static String date(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
