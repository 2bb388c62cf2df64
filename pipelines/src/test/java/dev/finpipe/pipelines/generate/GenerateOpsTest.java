package dev.finpipe.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * GenerateOps' files and manifest: the files hold the generator's lines, and every incident of the manifest (after
 * all files and after each prefix of them) is what the tests' own reading of the written lines finds, and what the
 * episodes promise.
 */
public class GenerateOpsTest {
  private static final String END = "2026-11-20T00:00:00Z";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return GenerateOps.execute(new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  public void manifestIncidentsAreWhatTheWrittenLinesGiveAndWhatTheEpisodesPromise() throws Exception {
    String[][] runs = {{"--seed=42"}, {"--seed=9", "--services=2", "--minutes=150", "--batches=3"},
        {"--seed=77", "--services=1", "--minutes=80", "--invalidRate=0.05", "--duplicateRate=0.1"}};
    for (String[] flags : runs) {
      for (GeneratedDomain domain : List.of(GeneratedDomain.APP_LOGS, GeneratedDomain.INFRA_METRICS)) {
        err.reset();
        Path dir = tmp.getRoot().toPath().resolve(String.join("", flags).replace("-", "")).resolve(domain.id());
        List<String> args = new ArrayList<>(List.of("--domain=" + domain.id(), "--outputDir=" + dir, "--end=" + END));
        args.addAll(List.of(flags));
        assertEquals(err(), 0, run(args.toArray(String[]::new)));
        checkManifest(domain, dir, String.join(" ", flags));
      }
    }
  }

  private void checkManifest(GeneratedDomain domain, Path dir, String what) throws Exception {
    JsonNode manifest = MAPPER.readTree(dir.resolve(GenerateOps.MANIFEST).toFile());
    assertEquals(domain.id(), manifest.get("domain").asText());
    List<List<String>> files = new ArrayList<>();
    for (JsonNode file : manifest.get("files")) {
      files.add(Files.readAllLines(dir.resolve(file.get("file").asText()), StandardCharsets.UTF_8));
    }
    try (var listed = Files.list(dir)) {
      assertEquals("the files and the manifest, nothing else", files.size() + 1, listed.count());
    }
    List<IncidentRule> rules = OpsGenerator.rulesOf(domain);
    List<Map<String, Object>> incidents = core(manifest.get("incidents"));
    assertEquals(what, OpsLines.incidents(OpsLines.minutes(domain, files), rules), incidents);
    JsonNode afterFiles = manifest.get("after_files");
    assertEquals(files.size(), afterFiles.size());
    for (int k = 0; k < files.size(); k++) {
      assertEquals(what + " after " + (k + 1) + " files",
          OpsLines.incidents(OpsLines.minutes(domain, files.subList(0, k + 1)), rules),
          core(afterFiles.get(k).get("incidents")));
    }
    checkEpisodes(domain, manifest, what);
  }

  /** What each episode must give, from its scripted minutes in the manifest. */
  private static void checkEpisodes(GeneratedDomain domain, JsonNode manifest, String what) {
    JsonNode last = manifest.get("incidents");
    JsonNode first = manifest.get("after_files").get(0).get("incidents");
    int expected = 0;
    for (JsonNode episode : manifest.get("episodes")) {
      IncidentRule rule = IncidentRule.named(episode.get("rule").asText());
      if (rule.domain() != domain) {
        continue;
      }
      String id = episode.get("id").asText();
      String where = what + " " + id;
      Instant firstBreach = Instant.parse(episode.get("first_breach_at").asText());
      Instant lastBreach = Instant.parse(episode.get("last_breach_at").asText());
      List<JsonNode> found = of(last, episode);
      if (id.equals("E3")) {
        assertThat(where + ": fewer than N breaching minutes", found, hasSize(0));
        continue;
      }
      expected++;
      assertThat(where, found, hasSize(1));
      JsonNode incident = found.get(0);
      assertEquals(where, firstBreach.toString(), incident.get("started_at").asText());
      assertEquals(where, firstBreach.plus(rule.forMinutes(), ChronoUnit.MINUTES).toString(),
          incident.get("detected_at").asText());
      assertEquals(where, lastBreach.toString(), incident.get("last_breach_at").asText());
      assertEquals(where, rule.severity(), incident.get("severity").asText());
      assertEquals(where, rule.signal(), incident.get("signal").asText());
      assertEquals(where, episode.get("service").asText() + "|" + rule.name() + "|" + firstBreach,
          incident.get("incident_id").asText());
      long minutes = ChronoUnit.MINUTES.between(firstBreach, lastBreach) + 1;
      switch (id) {
        case "E6" -> {
          assertEquals(where, "OPEN", incident.get("status").asText());
          assertThat(where, incident.get("resolved_at").isNull(), is(true));
        }
        case "E2" -> {
          JsonNode gap = episode.get("healthy_gap");
          long gapMinutes = ChronoUnit.MINUTES.between(Instant.parse(gap.get(0).asText()),
              Instant.parse(gap.get(1).asText())) + 1;
          assertThat(where + ": a gap shorter than M", gapMinutes, lessThan(5L));
          assertEquals(where, minutes - gapMinutes, incident.get("breach_minutes").asLong());
          assertResolvedAfter(lastBreach, incident, where);
        }
        case "E1" -> {
          assertEquals(where, minutes, incident.get("breach_minutes").asLong());
          assertResolvedAfter(lastBreach, incident, where);
          // The first file lacks the late tail: resolved right before it, then extended by the second file.
          JsonNode early = of(first, episode).get(0);
          assertEquals(where, firstBreach.toString(), early.get("started_at").asText());
          assertEquals(where, episode.get("late_from").asText(), early.get("resolved_at").asText());
        }
        case "E4" -> {
          assertThat(where + ": not yet detected after the first file", of(first, episode), hasSize(0));
          assertResolvedAfter(lastBreach, incident, where);
        }
        default -> {
          assertThat(where, id, isOneOf("E5"));
          assertResolvedAfter(lastBreach, incident, where);
        }
      }
    }
    assertEquals(what + ": one incident per episode but the blip, and no others", expected, last.size());
  }

  private static void assertResolvedAfter(Instant lastBreach, JsonNode incident, String where) {
    assertEquals(where, "RESOLVED", incident.get("status").asText());
    assertEquals(where, lastBreach.plus(1, ChronoUnit.MINUTES).toString(), incident.get("resolved_at").asText());
  }

  /** The incidents of {@code incidents} of the episode's service and rule starting within its minutes. */
  private static List<JsonNode> of(JsonNode incidents, JsonNode episode) {
    List<JsonNode> found = new ArrayList<>();
    Instant from = Instant.parse(episode.get("first_breach_at").asText());
    Instant to = Instant.parse(episode.get("last_breach_at").asText());
    for (JsonNode incident : incidents) {
      Instant started = Instant.parse(incident.get("started_at").asText());
      if (incident.get("service").asText().equals(episode.get("service").asText())
          && incident.get("rule").asText().equals(episode.get("rule").asText())
          && !started.isBefore(from) && !started.isAfter(to)) {
        found.add(incident);
        assertEquals(episode.get("id").asText(), incident.get("episode").asText());
      }
    }
    return found;
  }

  /** The fields {@link OpsLines#incidents} computes, with the manifest's values. */
  private static List<Map<String, Object>> core(JsonNode incidents) {
    List<Map<String, Object>> core = new ArrayList<>();
    for (JsonNode incident : incidents) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (String field : List.of("service", "rule", "started_at", "detected_at", "resolved_at", "last_breach_at")) {
        map.put(field, incident.get(field).isNull() ? null : incident.get(field).asText());
      }
      map.put("breach_minutes", incident.get("breach_minutes").asLong());
      map.put("status", incident.get("status").asText());
      core.add(map);
    }
    return core;
  }

  @Test
  public void filesHoldTheGeneratorsLinesNamedBySeedAndFile() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("input/app_logs");
    assertEquals(err(), 0, run("--domain=APP_LOGS", "--outputDir=" + dir, "--seed=5", "--end=" + END,
        "--minutes=120", "--batches=3", "--services=2", "--lateRate=0.05"));
    OpsGenerator ops = OpsGenerator.create(new OpsSettings(5, 2, 120, 3, Instant.parse(END), 0.02, 0.01, 0.05, true));
    List<List<String>> expected = ops.files(GeneratedDomain.APP_LOGS);
    for (int f = 0; f < 3; f++) {
      Path file = dir.resolve(String.format("batch-5-%02d.jsonl", f + 1));
      assertEquals(expected.get(f), Files.readAllLines(file, StandardCharsets.UTF_8));
      assertThat(err(), containsString(file + ": " + expected.get(f).size() + " lines: "));
    }
    assertThat(err(), containsString("app_logs, 2 services, 120 minutes from 2026-11-19T22:00:00Z, 6 episodes, "
        + ops.expectedIncidents(GeneratedDomain.APP_LOGS, 2).size() + " expected incidents"));
  }

  @Test
  public void withoutEndTheSpanEndsAtTheStartOfToday() throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.DAYS);
    Path dir = tmp.getRoot().toPath().resolve("m");
    assertEquals(err(), 0, run("--domain=infra_metrics", "--outputDir=" + dir, "--minutes=80", "--services=1"));
    Instant after = Instant.now().truncatedTo(ChronoUnit.DAYS);
    JsonNode manifest = MAPPER.readTree(dir.resolve(GenerateOps.MANIFEST).toFile());
    assertThat(manifest.get("end").asText(), isOneOf(before.toString(), after.toString()));
    assertEquals(80, manifest.get("minutes").asInt());
  }

  @Test
  public void noEpisodesGivesNoIncidents() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("quiet");
    assertEquals(err(), 0, run("--domain=app_logs", "--outputDir=" + dir, "--end=" + END, "--no-episodes"));
    JsonNode manifest = MAPPER.readTree(dir.resolve(GenerateOps.MANIFEST).toFile());
    assertEquals(0, manifest.get("episodes").size());
    assertEquals(0, manifest.get("incidents").size());
    for (JsonNode state : manifest.get("after_files")) {
      assertEquals(0, state.get("incidents").size());
    }
  }

  @Test
  public void badFlagsAreRejectedNamingTheFlagAndNothingIsWritten() throws Exception {
    String out = "--outputDir=" + tmp.getRoot().toPath().resolve("never");
    assertRejected("--domain", "expected app_logs, infra_metrics (GenerateTransactions and GenerateChanges",
        "--domain=customers", out);
    assertRejected("--users", "does not apply to operations data", "--domain=app_logs", "--users=10", out);
    assertRejected("--outOfOrderRate", "does not apply to operations data", "--domain=infra_metrics",
        "--outOfOrderRate=0.1", out);
    assertRejected("--batches", "a whole number >= 2", "--domain=app_logs", "--batches=1", out);
    assertRejected("--minutes", "at least 40 per file (--batches=3): 120 or more", "--domain=app_logs",
        "--batches=3", "--minutes=100", out);
    assertRejected("--end", "a whole minute", "--domain=app_logs", "--end=2026-11-20T00:00:30Z", out);
    assertRejected("--services", "from 1 to 50", "--domain=app_logs", "--services=0", out);
    assertRejected("--lateRate", "from 0 to 0.2", "--domain=app_logs", "--lateRate=0.5", out);
    assertRejected("--outputDir", "Missing required option", "--domain=app_logs");
    Path file = tmp.newFile("a-file").toPath();
    assertRejected("--outputDir", "is a file", "--domain=app_logs", "--outputDir=" + file);
    assertEquals(List.of("a-file"), List.of(tmp.getRoot().list()));
  }

  @Test
  public void theOtherGeneratorsRefuseTheOpsDomainsAndFlags() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, GenerateChanges.execute(out, errors, "--domain=app_logs", "--output=-"));
    assertThat(err(), containsString("expected customers, accounts (GenerateOps writes app_logs and infra_metrics)"));
    err.reset();
    assertEquals(2, GenerateTransactions.execute(out, errors, "--minutes=100", "--output=-"));
    assertThat(err(), containsString("--minutes applies to app_logs and infra_metrics only"));
    assertEquals("nothing written", 0, out.size());
  }

  private void assertRejected(String flag, String expected, String... args) {
    err.reset();
    assertEquals(String.join(" ", args) + ": " + err(), 2, run(args));
    assertThat(err(), allOf(containsString(flag), containsString(expected)));
  }
}
