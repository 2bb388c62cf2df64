package dev.finpipe.pipelines.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.domain.Domains;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.validate.RuleAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A domain's settings: the flag, else its file, else the built-in default; bad files and flags stop with a message. */
public class DomainSettingsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private RunMedallion.Options options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(RunMedallion.Options.class);
  }

  @Test
  public void aFlagOverridesTheFileWhichOverridesTheDefault() throws IOException {
    Path dir = tmp.newFolder("domains").toPath();
    Files.writeString(dir.resolve("transactions.yaml"), "input: in/tx/*.jsonl\ndedupeWindow: 6h\nruleActions: type_known=WARN\n");
    DomainSettings fromFile = DomainSettings.forStage(options("--domainConfig=" + dir));
    assertEquals("in/tx/*.jsonl", fromFile.input());
    assertEquals("transactions", fromFile.topic()); // not in the file: the domain's name
    assertEquals(Duration.standardHours(6), fromFile.dedupeWindow());
    assertEquals(Duration.standardDays(2), fromFile.allowedLateness());
    assertEquals(Map.of("type_known", RuleAction.WARN), fromFile.ruleActions());

    DomainSettings flagged = DomainSettings.forStage(options("--domainConfig=" + dir, "--input=other/*.jsonl",
        "--dedupeWindow=1d", "--ruleActions=amount_max=FAIL"));
    assertEquals("other/*.jsonl", flagged.input());
    assertEquals(Duration.standardDays(1), flagged.dedupeWindow());
    assertEquals(Map.of("amount_max", RuleAction.FAIL), flagged.ruleActions());

    DomainSettings builtIn = DomainSettings.forStage(options("--domain=customers"));
    assertEquals("data/dev/input/customers/*.jsonl", builtIn.input());
    assertEquals("customers", builtIn.topic());
    assertEquals(Map.of(), builtIn.ruleActions());
  }

  @Test
  public void badFilesAndFoldersSayWhatToFix() throws IOException {
    Path dir = tmp.newFolder("domains").toPath();
    Files.writeString(dir.resolve("transactions.yaml"), "allowedLateness: soon\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DomainSettings.forStage(options("--domainConfig=" + dir)).allowedLateness());
    assertEquals(dir.resolve("transactions.yaml") + ": --allowedLateness=soon is not a duration: use e.g. 30s, 5m, 6h,"
        + " 2d or PT30M", e.getMessage());
    Files.writeString(dir.resolve("transactions.yaml"), "topic: [a, b]\n");
    e = assertThrows(IllegalArgumentException.class, () -> DomainSettings.forStage(options("--domainConfig=" + dir)));
    assertTrue(e.getMessage(), e.getMessage().endsWith("transactions.yaml: topic must be a single value, e.g. topic: transactions"));
    e = assertThrows(IllegalArgumentException.class,
        () -> DomainSettings.forStage(options("--domainConfig=" + dir.resolve("missing"))));
    assertTrue(e.getMessage(), e.getMessage().contains("missing is not a folder"));
    e = assertThrows(IllegalArgumentException.class, () -> DomainSettings.forStage(options("--domain=branches")));
    assertEquals("--domain=branches: no such domain; domains are customers, accounts, transactions, app_logs, infra_metrics", e.getMessage());
  }

  @Test
  public void aPerDomainFlagIsRefusedWhenSeveralDomainsRun() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DomainSettings.forDomains(Domains.all(), options("--input=x/*.jsonl")));
    assertTrue(e.getMessage(), e.getMessage().startsWith(
        "--input applies to one domain, and this run has 5 (customers, accounts, transactions, app_logs, infra_metrics)"));
    assertEquals(List.of("customers", "accounts"),
        DomainSettings.forDomains(Domains.parse("accounts,customers"), options()).stream()
            .map(d -> d.domain().name()).collect(java.util.stream.Collectors.toList()));
  }
}
