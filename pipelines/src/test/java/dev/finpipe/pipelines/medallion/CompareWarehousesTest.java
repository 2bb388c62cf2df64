package dev.finpipe.pipelines.medallion;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import dev.finpipe.domain.Domains;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Two runs of the same input compare equal (their ingest times differ); one changed record does not. */
public class CompareWarehousesTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void twoRunsOfTheSameInputAreEqualTableByTable() throws IOException {
    Path input = input("same", fixtureLines());
    String first = medallion(input, "first");
    String second = medallion(input, "second");

    List<String> summary = new ArrayList<>();
    assertEquals(List.of(), CompareWarehouses.differences(first, second, summary));
    assertEquals(Domains.allTables().size(), summary.size());
    String silver = summary.stream().filter(l -> l.startsWith("silver/transactions ")).findFirst().orElseThrow();
    assertThat(silver, containsString("5 rows expected, 0 only in"));
    // customers and accounts: bronze, history, current, quarantine; app_logs and infra_metrics: bronze, silver,
    // quarantine; and their gold, service_minute, incidents, ops_kpis_daily; and ops/alerts
    assertEquals("the customers', accounts', app_logs' and infra_metrics' tables, which neither run wrote", 18,
        summary.stream().filter(l -> l.endsWith("in neither warehouse")).count());
  }

  @Test
  public void aChangedAmountShowsInSilverAndGoldButNotInQuarantine() throws IOException {
    // The same file path for both runs: bronze and silver keep it as each row's source.
    List<String> lines = fixtureLines();
    Path input = input("same-path", lines);
    String expected = medallion(input, "original");
    Files.write(
        input.resolve("batch-1.jsonl"),
        lines.stream().map(l -> l.startsWith("{\"transaction_id\":\"t-003\"") ? l.replace("\"amount\":300,", "\"amount\":301,") : l)
            .collect(Collectors.toList()),
        StandardCharsets.UTF_8);
    String actual = medallion(input, "changed");

    List<String> differences = CompareWarehouses.differences(actual, expected, new ArrayList<>());
    List<String> tables = differences.stream().map(d -> d.substring(0, d.indexOf(':'))).collect(Collectors.toList());
    assertEquals(
        List.of("bronze/transactions", "silver/transactions", "gold/daily_user_currency", "gold/daily_top_users",
            "gold/daily_segment_volume"),
        tables);
    assertThat(differences.get(1), containsString("1 rows only in " + actual));
    assertThat(differences.get(1), containsString("amount=301.000"));
    assertThat(differences.get(1), containsString("amount=300.000"));
  }

  @Test
  public void emptyWarehousesAreNotCalledEqual() throws IOException {
    String a = tmp.newFolder("empty-a").getAbsolutePath();
    String b = tmp.newFolder("empty-b").getAbsolutePath();
    List<String> differences = CompareWarehouses.differences(a, b, new ArrayList<>());
    assertEquals(List.of("no table in either warehouse, nothing to compare"), differences);
  }

  private List<String> fixtureLines() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/batch-1.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }
  }

  private Path input(String name, List<String> lines) throws IOException {
    Path dir = tmp.newFolder("input-" + name).toPath();
    Files.write(dir.resolve("batch-1.jsonl"), lines, StandardCharsets.UTF_8);
    return dir;
  }

  private String medallion(Path input, String name) throws IOException {
    String warehouse = tmp.newFolder("warehouse-" + name).getAbsolutePath();
    RunMedallion.run(
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner", "--warehouse=" + warehouse, "--input=" + input + "/*.jsonl")
            .as(RunMedallion.Options.class));
    return warehouse;
  }
}
