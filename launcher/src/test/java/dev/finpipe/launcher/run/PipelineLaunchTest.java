package dev.finpipe.launcher.run;

import static dev.finpipe.launcher.run.LaunchFixture.INTERBANK;
import static dev.finpipe.launcher.run.LaunchFixture.INTERBANK_PIPELINES;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.launcher.cli.Cli;
import dev.finpipe.launcher.emulator.PipelineScript;
import dev.finpipe.launcher.emulator.PipelineScript.Fault;
import dev.finpipe.launcher.emulator.SynapseEmulator;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import dev.finpipe.launcher.synapse.ActivityFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.Rule;
import org.junit.Test;

/** {@code launch run} of Synapse pipeline plans against the emulator, through the real command line. */
public class PipelineLaunchTest {
  private static final Path FIXTURES = Path.of("src/test/resources/PipelineLaunchTest");

  @Rule
  public final LaunchFixture launch = new LaunchFixture();

  @Test
  public void fivePipelinePlanSucceedsInOrderWithOneRunEach() throws Exception {
    SynapseEmulator emulator = launch.emulator().fallback(PipelineScript.succeedAfterPolls(3));

    Cli.Result result = launch.run(INTERBANK);

    assertThat(result.err(), result.exitCode(), equalTo(0));
    List<String> expected = new ArrayList<>();
    for (String pipeline : INTERBANK_PIPELINES) {
      assertThat(emulator.createRunCount(pipeline), equalTo(1));
      String runId = emulator.runIds(pipeline).get(0);
      expected.add("create " + pipeline + " " + runId);
      expected.add("Succeeded " + runId);
    }
    // Each pipeline starts only after the one before it succeeded.
    assertThat(emulator.events(), equalTo(expected));
    assertThat(emulator.requests().stream().allMatch(SynapseEmulator.Request::authorized), equalTo(true));
    LaunchState state = launch.state();
    assertThat(new ArrayList<>(state.steps().keySet()), equalTo(INTERBANK_PIPELINES));
    for (String pipeline : INTERBANK_PIPELINES) {
      StepState step = state.steps().get(pipeline);
      assertThat(step.status(), equalTo(StepStatus.SUCCEEDED));
      assertThat(step.attempts(), equalTo(1));
      assertThat(step.runIds(), equalTo(emulator.runIds(pipeline)));
      assertThat(step.runStatus(), equalTo("Succeeded"));
    }
    JsonNode summary = launch.summary();
    assertThat(summary.path("exitCode").asInt(), equalTo(0));
    assertThat(summary.path("workspace").asText(), equalTo("syn-interbank-lake"));
    assertThat(texts(summary.path("steps"), "name"), equalTo(INTERBANK_PIPELINES));
    assertThat(texts(summary.path("steps"), "status"), equalTo(List.of("Succeeded", "Succeeded", "Succeeded",
        "Succeeded", "Succeeded")));
    assertThat(summary.path("steps").get(0).has("durationMs"), equalTo(true));
    assertThat(result.out(), containsString("5 of 5 steps succeeded"));
  }

  @Test
  public void failingPipelineIsRetriedThreeTimesThenStopsThePlan() throws Exception {
    SynapseEmulator emulator = launch.emulator()
        .script("copy_core_customer_to_bronze", PipelineScript.failAfterPolls(2, "2200",
            "ErrorCode=UserErrorSourceNotFound,'The file core/customer/2024-06-01.csv does not exist'"));

    Cli.Result result = launch.run(INTERBANK);

    assertThat(result.exitCode(), equalTo(1));
    assertThat(INTERBANK_PIPELINES.stream().map(emulator::createRunCount).collect(Collectors.toList()),
        equalTo(List.of(1, 4, 0, 0, 0)));
    LaunchState state = launch.state();
    StepState customer = state.steps().get("copy_core_customer_to_bronze");
    assertThat(customer.status(), equalTo(StepStatus.FAILED));
    assertThat(customer.attempts(), equalTo(4));
    assertThat(customer.runIds(), equalTo(emulator.runIds("copy_core_customer_to_bronze")));
    ActivityFailure failure = new ActivityFailure("Copy copy_core_customer_to_bronze", "Copy", "2200",
        "ErrorCode=UserErrorSourceNotFound,'The file core/customer/2024-06-01.csv does not exist'");
    assertThat(customer.failure(), equalTo(failure));
    assertThat(customer.message(), equalTo("failed 4 times; last: run " + customer.runIds().get(3)
        + " failed: " + failure));
    assertThat(statuses(state), equalTo(List.of(StepStatus.SUCCEEDED, StepStatus.FAILED, StepStatus.NOT_STARTED,
        StepStatus.NOT_STARTED, StepStatus.NOT_STARTED)));
    assertThat(state.steps().get("copy_ops_app_log_to_bronze").message(),
        equalTo("not started: the plan stopped after step 'copy_core_customer_to_bronze' Failed"));
    JsonNode summary = launch.summary();
    assertThat(summary.path("exitCode").asInt(), equalTo(1));
    assertThat(summary.path("steps").get(1).path("failure").path("errorCode").asText(), equalTo("2200"));
  }

  @Test
  public void throttlingAndServerErrorsAreSurvivedWithoutADuplicateRun() throws Exception {
    SynapseEmulator emulator = launch.emulator().script("copy_core_account_to_bronze",
        PipelineScript.succeedAfterPolls(2)
            .withCreateRunFaults(Fault.tooManyRequests(Duration.ofMillis(60)), Fault.serverError(),
                Fault.unavailable())
            .withStatusFaults(Fault.serverError(), Fault.tooManyRequests(Duration.ofMillis(20))));

    Cli.Result result = launch.run(INTERBANK);

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(emulator.createRunCount("copy_core_account_to_bronze"), equalTo(1));
    String runId = emulator.runIds("copy_core_account_to_bronze").get(0);
    assertThat(emulator.events().subList(0, 5), equalTo(List.of(
        "reject createRun copy_core_account_to_bronze 429",
        "reject createRun copy_core_account_to_bronze 500",
        "reject createRun copy_core_account_to_bronze 503",
        "create copy_core_account_to_bronze " + runId,
        "Succeeded " + runId)));
    List<SynapseEmulator.Request> creates = emulator.requests().stream()
        .filter(r -> r.path().equals("/pipelines/copy_core_account_to_bronze/createRun"))
        .collect(Collectors.toList());
    assertThat(creates.size(), equalTo(4));
    // The 429 asked for 60 ms (x-ms-retry-after-ms) and got at least that.
    assertThat(Duration.between(creates.get(0).at(), creates.get(1).at()).toMillis(), greaterThanOrEqualTo(60L));
    StepState step = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(step.attempts(), equalTo(1));
    assertThat(step.runIds(), contains(runId));
  }

  @Test
  public void timeoutCancelsTheRunAndWaitsForCancelled() throws Exception {
    SynapseEmulator emulator = launch.emulator().script("copy_core_account_to_bronze", PipelineScript.hang());

    Cli.Result result = launch.run(INTERBANK, "--timeout", "150ms");

    assertThat(result.exitCode(), equalTo(1));
    String runId = emulator.runIds("copy_core_account_to_bronze").get(0);
    assertThat(emulator.events(), equalTo(List.of(
        "create copy_core_account_to_bronze " + runId, "cancel " + runId, "Cancelled " + runId)));
    StepState step = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(step.status(), equalTo(StepStatus.TIMED_OUT));
    assertThat(step.attempts(), equalTo(1));
    assertThat(step.runStatus(), equalTo("Cancelled"));
    assertThat(step.message(), equalTo("timed out after 150ms; run " + runId + " is Cancelled"));
    assertThat(statuses(launch.state()).subList(1, 5), equalTo(List.of(StepStatus.NOT_STARTED,
        StepStatus.NOT_STARTED, StepStatus.NOT_STARTED, StepStatus.NOT_STARTED)));
  }

  @Test
  public void runCancelledInStudioEndsTheStepWithoutRetry() throws Exception {
    SynapseEmulator emulator = launch.emulator()
        .script("copy_core_account_to_bronze", PipelineScript.cancelledAfterPolls(2));

    Cli.Result result = launch.run(INTERBANK);

    assertThat(result.exitCode(), equalTo(1));
    assertThat(emulator.createRunCount("copy_core_account_to_bronze"), equalTo(1));
    StepState step = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(step.status(), equalTo(StepStatus.CANCELLED));
    assertThat(step.message(), equalTo("run " + step.runIds().get(0) + " was cancelled outside the launcher"));
  }

  @Test
  public void dependantsOfAFailedStepAreSkippedAndIndependentStepsRun() throws Exception {
    SynapseEmulator emulator = launch.emulator()
        .script("a", PipelineScript.failAfterPolls(1, "2011", "Pipeline a's lookup returned no rows"));

    Cli.Result result = launch.run(FIXTURES.resolve("dag.yaml"));

    assertThat(result.exitCode(), equalTo(1));
    assertThat(List.of("a", "b", "c", "d").stream().map(emulator::createRunCount).collect(Collectors.toList()),
        equalTo(List.of(1, 0, 0, 1)));
    LaunchState state = launch.state();
    assertThat(statuses(state), equalTo(List.of(StepStatus.FAILED, StepStatus.SKIPPED, StepStatus.SKIPPED,
        StepStatus.SUCCEEDED)));
    assertThat(state.steps().get("b").message(), equalTo("skipped: it depends on 'a', which ended Failed"));
    assertThat(state.steps().get("c").message(), equalTo("skipped: it depends on 'b', which was skipped"));
  }

  @Test
  public void independentStepsRunTogetherUpToMaxParallel() throws Exception {
    SynapseEmulator emulator = launch.emulator()
        .script("p1", PipelineScript.succeedAfterPolls(6))
        .script("p2", PipelineScript.succeedAfterPolls(3))
        .script("p3", PipelineScript.succeedAfterPolls(1));

    Cli.Result result = launch.run(FIXTURES.resolve("parallel.yaml"));

    assertThat(result.err(), result.exitCode(), equalTo(0));
    String p1 = emulator.runIds("p1").get(0);
    String p2 = emulator.runIds("p2").get(0);
    String p3 = emulator.runIds("p3").get(0);
    List<String> events = emulator.events();
    // p1 and p2 both start before either ends (their own order is up to the threads); p3 waits for both.
    assertThat(events.subList(0, 2), containsInAnyOrder("create p1 " + p1, "create p2 " + p2));
    assertThat(events.subList(2, 4), containsInAnyOrder("Succeeded " + p2, "Succeeded " + p1));
    assertThat(events.subList(4, 6), equalTo(List.of("create p3 " + p3, "Succeeded " + p3)));
    assertThat(emulator.parameters(p1), equalTo(new ObjectMapper().readTree(
        "{\"loadDate\":\"2024-06-01\",\"tables\":[\"accounts\",\"customers\"],\"full\":true}")));
    assertThat(emulator.parameters(p2), equalTo(new ObjectMapper().createObjectNode()));
    assertThat(launch.state().steps().get("p1").studioLink(), equalTo(
        "https://web.azuresynapse.net/en/monitoring/pipelineruns/" + p1 + "?workspace=%2Fsubscriptions%2Fsub-1"
            + "%2FresourceGroups%2Frg-1%2Fproviders%2FMicrosoft.Synapse%2Fworkspaces%2Fsyn-test"));
  }

  @Test
  public void lostCreateRunAnswerIsResolvedByAdoptingTheOneNewRun() throws Exception {
    SynapseEmulator emulator = launch.emulator().script("copy_core_account_to_bronze",
        PipelineScript.succeedAfterPolls(2).withFirstAnswer(PipelineScript.Answer.CREATE_THEN_HOLD));

    Cli.Result result = launch.run(INTERBANK, "--request-timeout", "300ms");

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(emulator.createRunCount("copy_core_account_to_bronze"), equalTo(1));
    StepState step = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(step.runIds(), equalTo(emulator.runIds("copy_core_account_to_bronze")));
    assertThat(step.attempts(), equalTo(1));
    assertThat(emulator.requests().stream().filter(r -> r.path().equals("/queryPipelineRuns")).count(),
        equalTo(1L));
  }

  @Test
  public void lostCreateRunAnswerWithNoRunFailsTheStepWithoutCreatingAnother() throws Exception {
    SynapseEmulator emulator = launch.emulator().script("copy_core_account_to_bronze",
        PipelineScript.succeedAfterPolls(1).withFirstAnswer(PipelineScript.Answer.HOLD_WITHOUT_CREATING));

    Cli.Result result = launch.run(INTERBANK, "--request-timeout", "300ms");

    assertThat(result.exitCode(), equalTo(1));
    assertThat(emulator.createRunCount("copy_core_account_to_bronze"), equalTo(0));
    assertThat(emulator.events(), equalTo(List.of("lost createRun copy_core_account_to_bronze")));
    assertThat(emulator.requests().stream().filter(r -> r.path().endsWith("/createRun")).count(), equalTo(1L));
    StepState step = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(step.status(), equalTo(StepStatus.FAILED));
    assertThat(step.attempts(), equalTo(1));
    assertThat(step.runIds(), empty());
    assertThat(step.message(), containsString("no run of copy_core_account_to_bronze started since"));
    assertThat(step.message(), containsString("not starting another, which could duplicate it"));
  }

  @Test
  public void rejectedTokenIsAClearAuthenticationErrorAndIsNotRetried() throws Exception {
    Cli.Result result = launch.runWithEnv(Map.of("AZURE_ACCESS_TOKEN", "expired-token"), INTERBANK);

    assertThat(result.exitCode(), equalTo(1));
    SynapseEmulator emulator = launch.emulator();
    assertThat(emulator.requests().size(), equalTo(1));
    assertThat(emulator.requests().get(0).authorized(), equalTo(false));
    StepState step = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(step.status(), equalTo(StepStatus.FAILED));
    assertThat(step.attempts(), equalTo(1));
    assertThat(step.message(), equalTo("createRun of copy_core_account_to_bronze refused: HTTP 401"
        + " AuthenticationFailed: The bearer token is not valid for this workspace. (authentication: check"
        + " --credential and the identity's Synapse role)"));
  }

  @Test
  public void missingAccessTokenStopsBeforeAnyRequest() {
    Cli.Result result = launch.runWithEnv(Map.of(), INTERBANK);

    assertThat(result.exitCode(), equalTo(3));
    assertThat(result.err(), equalTo("No credential, nothing was started: --credential env-token needs a bearer"
        + " token in AZURE_ACCESS_TOKEN, which is not set (or empty)\n"));
    assertThat(launch.emulator().requests(), empty());
    assertThat(Files.exists(launch.stateFile()), equalTo(false));
  }

  @Test
  public void dryRunMakesNoHttpCallsAndWritesNothing() {
    Cli.Result result = launch.run(INTERBANK, "--dry-run");

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(launch.emulator().requests(), empty());
    assertThat(Files.exists(launch.stateFile()), equalTo(false));
    List<String> calls = result.out().lines().filter(l -> l.contains("POST")).map(String::trim)
        .collect(Collectors.toList());
    List<String> expected = INTERBANK_PIPELINES.stream().map(p -> "POST " + launch.emulator().endpoint()
        + "/pipelines/" + p + "/createRun?api-version=2020-12-01  body {}").collect(Collectors.toList());
    assertThat(calls, equalTo(expected));
    assertThat(result.out(), containsString(
        "poll every 10ms, retries 3 after 10ms, timeout 24h00m, stop the plan on failure"));
  }

  @Test
  public void rerunSkipsWhatSucceededAndRetriesWhatFailed() throws Exception {
    SynapseEmulator emulator = launch.emulator()
        .script("copy_core_transaction_to_bronze2", PipelineScript.runs(
            PipelineScript.failing(1, "2200", "transient storage error"), PipelineScript.succeeding(1)));

    Cli.Result first = launch.run(INTERBANK, "--retries", "0");
    Cli.Result second = launch.run(INTERBANK, "--retries", "0");

    assertThat(first.exitCode(), equalTo(1));
    assertThat(second.err(), second.exitCode(), equalTo(0));
    assertThat(INTERBANK_PIPELINES.stream().map(emulator::createRunCount).collect(Collectors.toList()),
        equalTo(List.of(1, 1, 2, 1, 1)));
    StepState transactions = launch.state().steps().get("copy_core_transaction_to_bronze2");
    assertThat(transactions.attempts(), equalTo(2));
    assertThat(transactions.runIds(), equalTo(emulator.runIds("copy_core_transaction_to_bronze2")));
    assertThat(launch.state().steps().get("copy_core_account_to_bronze").runIds(),
        equalTo(emulator.runIds("copy_core_account_to_bronze")));
  }

  @Test
  public void aCompletedLaunchIsFollowedByANewOne() {
    SynapseEmulator emulator = launch.emulator();

    assertThat(launch.run(INTERBANK).exitCode(), equalTo(0));
    assertThat(launch.run(INTERBANK).exitCode(), equalTo(0));

    assertThat(INTERBANK_PIPELINES.stream().map(emulator::createRunCount).collect(Collectors.toList()),
        equalTo(List.of(2, 2, 2, 2, 2)));
    StepState account = launch.state().steps().get("copy_core_account_to_bronze");
    assertThat(account.attempts(), equalTo(1));
    assertThat(account.runIds(), contains(emulator.runIds("copy_core_account_to_bronze").get(1)));
  }

  private static List<StepStatus> statuses(LaunchState state) {
    return state.steps().values().stream().map(StepState::status).collect(Collectors.toList());
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText())
        .collect(Collectors.toList());
  }
}
