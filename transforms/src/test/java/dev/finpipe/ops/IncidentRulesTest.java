package dev.finpipe.ops;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IncidentRulesTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String GOOD_RULE = "  - name: errors\n    signal: error_ratio\n    threshold: 0.1\n"
      + "    forMinutes: 2\n    clearMinutes: 4\n    severity: critical\n";

  @Test
  public void defaultsAreTheContractsFourRules() {
    assertEquals(
        List.of(
            IncidentRule.of("error_ratio_high", "error_ratio", 0.05, 3, 5, "major"),
            IncidentRule.of("latency_p99_high", "log_latency_p99_ms", 1000, 3, 5, "major"),
            IncidentRule.of("cpu_saturated", "cpu_pct_avg", 90, 5, 5, "minor"),
            IncidentRule.of("disk_full", "disk_pct_max", 95, 1, 10, "critical")),
        IncidentRules.defaults());
  }

  @Test
  public void everyEnvironmentsFileEqualsTheDefaults() throws IOException {
    List<Path> files;
    try (var envs = Files.list(Path.of("..", "runners-config"))) {
      files = envs.map(env -> env.resolve("domains")).filter(Files::isDirectory)
          .map(domains -> domains.getParent().resolve("incidents.yaml")).sorted().collect(java.util.stream.Collectors.toList());
    }
    assertEquals(List.of(Path.of("..", "runners-config", "dev", "incidents.yaml"),
        Path.of("..", "runners-config", "prod", "incidents.yaml")), files);
    for (Path file : files) {
      assertEquals(file.toString(), IncidentRules.defaults(), IncidentRules.load(file));
    }
  }

  @Test
  public void fileReplacesTheDefaultsAndServicesAreOptional() throws IOException {
    Path file = write("rules:\n" + GOOD_RULE + "  - name: disk\n    signal: disk_pct_max\n    threshold: 99\n"
        + "    forMinutes: 1\n    clearMinutes: 1\n    severity: minor\n    services: [ledger, payments]\n");
    assertEquals(
        List.of(IncidentRule.of("errors", "error_ratio", 0.1, 2, 4, "critical"),
            IncidentRule.of("disk", "disk_pct_max", 99, 1, 1, "minor", List.of("ledger", "payments"))),
        IncidentRules.load(file));
    assertEquals(IncidentRules.load(file), IncidentRules.fromFileOrDefaults(file.toString()));
    assertEquals(IncidentRules.defaults(), IncidentRules.fromFileOrDefaults(null));
  }

  @Test
  public void emptyFileIsTheDefaults() throws IOException {
    assertEquals(IncidentRules.defaults(), IncidentRules.load(write("# nothing\n")));
  }

  @Test
  public void unknownKeysStop() throws IOException {
    refused("rule: []\n", "unknown key \"rule\"; the only key is rules");
    refused("rules:\n" + GOOD_RULE + "    for: 3m\n",
        "rules[0] (errors): unknown key \"for\"; keys are name, signal, threshold, forMinutes, clearMinutes, severity,"
            + " services");
  }

  @Test
  public void badValuesStop() throws IOException {
    refused("rules:\n" + GOOD_RULE.replace("threshold: 0.1", "threshold: high"),
        "rules[0] (errors): threshold must be a number, e.g. threshold: 0.05");
    refused("rules:\n" + GOOD_RULE.replace("forMinutes: 2", "forMinutes: 2.5"),
        "rules[0] (errors): forMinutes must be a whole number of minutes, e.g. forMinutes: 3");
    refused("rules:\n" + GOOD_RULE.replace("severity: critical", "severity: high"),
        "rules[0] (errors): severity \"high\" must be one of critical, major, minor");
    refused("rules:\n" + GOOD_RULE.replace("name: errors", "name: Errors|x"),
        "name \"Errors|x\" must be 1 to 64 characters of a-z, 0-9 and '_'");
    refused("rules:\n" + GOOD_RULE + "    services: payments\n",
        "rules[0] (errors): services must be a list of service names, e.g. services: [payments]");
    refused("rules:\n" + GOOD_RULE.replace("    severity: critical\n", ""),
        "rules[0] (errors): severity is missing");
    refused("rules:\n  - errors\n", "rules[0] must be a mapping of name, signal");
  }

  @Test
  public void unknownSignalStops() throws IOException {
    refused("rules:\n" + GOOD_RULE.replace("signal: error_ratio", "signal: cpu_pct"),
        "rules[0] (errors): unknown signal \"cpu_pct\"; signals are error_ratio, log_latency_p99_ms, cpu_pct_avg");
  }

  @Test
  public void nOrMBelowOneStops() throws IOException {
    refused("rules:\n" + GOOD_RULE.replace("forMinutes: 2", "forMinutes: 0"),
        "rules[0] (errors): forMinutes must be at least 1");
    refused("rules:\n" + GOOD_RULE.replace("clearMinutes: 4", "clearMinutes: -1"),
        "rules[0] (errors): clearMinutes must be at least 1");
  }

  @Test
  public void duplicateNamesKeysAndNoRulesStop() throws IOException {
    refused("rules:\n" + GOOD_RULE + GOOD_RULE, "rules[1]: a second rule named errors; rule names must be unique");
    refused("rules:\n" + GOOD_RULE + "    threshold: 0.2\n", "Duplicate field 'threshold'");
    refused("rules: []\n", "rules must be a list of at least one rule");
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> IncidentRules.load(tmp.getRoot().toPath().resolve("missing.yaml"))).getMessage(),
        containsString("missing.yaml does not exist"));
  }

  private Path write(String yaml) throws IOException {
    Path file = tmp.newFile().toPath();
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private void refused(String yaml, String message) throws IOException {
    Path file = write(yaml);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IncidentRules.load(file));
    assertThat(e.getMessage(), allOf(containsString(file.toString()), containsString(message)));
  }
}
