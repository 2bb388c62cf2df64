package dev.finpipe.launcher.plan;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.Test;

public class PlanLoaderTest {
  private static final Path FIXTURES = Path.of("src/test/resources/PlanLoaderTest");
  private static final Path SHIPPED = Path.of("../runners-config/synapse");

  @Test
  public void interbankPlanIsTheFivePipelinesInTheSeedsOrder() throws Exception {
    Plan plan = PlanLoader.load(SHIPPED.resolve("interbank-bronze.yaml"), PolicyOverrides.NONE);

    assertThat(plan.workspace(), equalTo("syn-interbank-lake"));
    assertThat(plan.studioWorkspaceId(), equalTo(Optional.empty()));
    assertThat(plan.maxParallel(), equalTo(1));
    assertThat(plan.steps().stream().map(Step::name).collect(Collectors.toList()), contains(
        "copy_core_account_to_bronze", "copy_core_customer_to_bronze", "copy_core_transaction_to_bronze2",
        "copy_ops_app_log_to_bronze", "copy_ops_infra_metric_to_bronze"));
    for (Step step : plan.steps()) {
      PipelineStep pipeline = (PipelineStep) step;
      assertThat(pipeline.pipeline(), equalTo(step.name()));
      assertThat(pipeline.parameters().size(), equalTo(0));
      assertThat(pipeline.dependsOn(), equalTo(List.of()));
      assertThat(pipeline.policy(), equalTo(new StepPolicy(Duration.ofSeconds(30), 3, Duration.ofSeconds(10),
          Duration.ofHours(24), false)));
    }
  }

  @Test
  public void localMedallionPlanChainsEveryDomainsBronzeAndSilverThenGold() throws Exception {
    Plan plan = PlanLoader.load(SHIPPED.resolve("local-medallion.yaml"), PolicyOverrides.NONE);

    assertThat(plan.workspace(), equalTo(null));
    assertThat(plan.localCommand(), equalTo(Plan.DEFAULT_LOCAL_COMMAND));
    List<LocalStage> expected = new java.util.ArrayList<>();
    int line = 13;
    for (String domain : List.of("customers", "accounts", "transactions", "app_logs", "infra_metrics")) {
      expected.add(new LocalStage("bronze-" + domain, "bronze", "dev", "spark", domain, List.of(), List.of(),
          localPolicy(), line));
      expected.add(new LocalStage("silver-" + domain, "silver", "dev", "spark", domain, List.of(),
          List.of("bronze-" + domain), localPolicy(), line + 5));
      line += 11;
    }
    expected.add(new LocalStage("gold", "gold", "dev", "spark", "", List.of(),
        List.of("silver-customers", "silver-accounts", "silver-transactions"), localPolicy(), line));
    assertThat(plan.steps(), equalTo(expected));
  }

  @Test
  public void aDomainIsANameForABronzeOrSilverStepThatTheCommandPasses() {
    assertThat(errors("domains.yaml"), contains(
        "3: step bronze-x names domain Customers!, but localCommand has no {domain} to pass it",
        "5: domain 'Customers!' is not a domain name such as customers or app_logs",
        "6: step gold names domain customers, but localCommand has no {domain} to pass it",
        "8: domain is for bronze and silver steps; gold reads every domain's silver",
        "9: step silver names domain customers, but localCommand has no {domain} to pass it"));
  }

  @Test
  public void everyKeyIsRead() throws Exception {
    Plan plan = PlanLoader.load(FIXTURES.resolve("full.yaml"), PolicyOverrides.NONE);

    assertThat(plan.studioWorkspaceId(), equalTo(Optional.of(
        "/subscriptions/0000/resourceGroups/rg-lake/providers/Microsoft.Synapse/workspaces/syn-interbank-lake")));
    assertThat(plan.maxParallel(), equalTo(3));
    assertThat(plan.localCommand(), contains("sh", "-c", "echo {stage} {env} {runner} {args} {step} {attempt}",
        "{projectDir}"));
    PipelineStep accounts = (PipelineStep) plan.steps().get(0);
    assertThat(accounts.parameters(), equalTo(new ObjectMapper().readTree(
        "{\"loadDate\":\"2024-06-01\",\"full\":true,\"batch\":3,\"tables\":[\"a\",\"b\"],"
            + "\"window\":{\"from\":1,\"to\":2}}")));
    assertThat(accounts.pipeline(), equalTo("copy_core_account_to_bronze"));
    assertThat(accounts.policy(), equalTo(new StepPolicy(Duration.ofSeconds(15), 0, Duration.ofSeconds(5),
        Duration.ofMinutes(30), false)));
    assertThat(plan.steps().get(1), equalTo(new LocalStage("bronze", "bronze", "prod", "direct", "",
        List.of("--topN=20", "--x=y z"), List.of("accounts"),
        new StepPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), Duration.ofHours(1), true), 23)));
  }

  @Test
  public void commandLineReplacesThePlansDefaultsButNotAStepsOwnSettings() throws Exception {
    Plan plan = PlanLoader.load(FIXTURES.resolve("full.yaml"), new PolicyOverrides(Duration.ofMillis(10), 7,
        Duration.ofMillis(20), Duration.ofSeconds(3), 1));

    assertThat(plan.maxParallel(), equalTo(1));
    assertThat(plan.steps().get(0).policy(), equalTo(new StepPolicy(Duration.ofMillis(10), 0,
        Duration.ofMillis(20), Duration.ofMinutes(30), false)));
    assertThat(plan.steps().get(1).policy(), equalTo(new StepPolicy(Duration.ofSeconds(1), 7,
        Duration.ofMillis(20), Duration.ofSeconds(3), true)));
  }

  @Test
  public void typosAreAllReportedWithTheirLines() {
    assertThat(errors("typos.yaml"), contains(
        "3: pollInterval: 30 has no unit; write e.g. 30s or 30m",
        "4: retries is a whole number from 0 to 100; found 'three'",
        "7: unknown key 'retires' in a step; known keys: name, dependsOn, pollInterval, retries, retryDelay,"
            + " timeout, continueOnFailure, pipeline, parameters",
        "9: timeout: '5 minutes' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 250ms, 30s,"
            + " 5m, 1h",
        "10: 'args' is for local stages (steps with 'stage:'), not pipeline steps",
        "11: a step is either a Synapse pipeline or a local stage: it cannot have both 'stage' and 'parameters'"));
  }

  @Test
  public void graphErrorsNameTheStepsLine() {
    assertThat(errors("graph.yaml"), contains(
        "3: steps depend on each other in a cycle: a -> c -> b -> a",
        "9: step 'd' depends on 'nowhere', which is not a step of this plan (steps: a, b, c, d, e)",
        "11: step name 'a' is already used by the step on line 3",
        "12: step 'e' depends on itself"));
  }

  @Test
  public void yamlSyntaxErrorNamesItsLine() {
    assertThat(errors("syntax.yaml"), contains(
        "5: not valid YAML: while parsing a flow mapping"));
  }

  @Test
  public void pipelinesNeedAWorkspace() {
    assertThat(errors("no-workspace.yaml"), contains(
        "1: workspace is missing: the plan has Synapse pipeline steps"));
  }

  @Test
  public void aMissingFileIsOneError() {
    PlanException e = assertThrows(PlanException.class,
        () -> PlanLoader.load(FIXTURES.resolve("absent.yaml"), PolicyOverrides.NONE));
    assertThat(e.getMessage(), equalTo(FIXTURES.resolve("absent.yaml") + ": no such plan file"));
  }

  private static StepPolicy localPolicy() {
    return new StepPolicy(Duration.ofSeconds(30), 1, Duration.ofSeconds(30), Duration.ofHours(2), false);
  }

  /** The errors of a fixture, as "line: message". */
  private static List<String> errors(String fixture) {
    PlanException e = assertThrows(PlanException.class,
        () -> PlanLoader.load(FIXTURES.resolve(fixture), PolicyOverrides.NONE));
    e.errors().forEach(error -> assertThat(error.file(), equalTo(FIXTURES.resolve(fixture))));
    return e.errors().stream().map(error -> error.line() + ": " + error.message()).collect(Collectors.toList());
  }
}
