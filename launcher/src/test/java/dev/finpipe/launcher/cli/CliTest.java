package dev.finpipe.launcher.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.finpipe.launcher.emulator.PipelineScript;
import dev.finpipe.launcher.emulator.SynapseEmulator;
import dev.finpipe.launcher.run.LaunchFixture;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/** The command line itself: bad input, and the status and cancel commands on a state file. */
public class CliTest {
  private static final Path TYPO_PLAN = Path.of("src/test/resources/CliTest/typo.yaml");
  private static final String FIRST = LaunchFixture.INTERBANK_PIPELINES.get(0);

  @Rule
  public final LaunchFixture launch = new LaunchFixture();

  @Test
  public void badDurationIsAUsageError() {
    Cli.Result result = launch.run(LaunchFixture.INTERBANK, "--poll-interval", "30");

    assertThat(result.exitCode(), equalTo(2));
    assertThat(result.err().lines().findFirst().orElse(""), equalTo("Invalid value for option '--poll-interval':"
        + " '30' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 250ms, 30s, 5m, 1h"));
    assertThat(launch.emulator().requests(), empty());
  }

  @Test
  public void unknownCredentialKindListsTheKnownOnes() {
    Cli.Result result = launch.run(LaunchFixture.INTERBANK, "--credential", "browser");

    assertThat(result.exitCode(), equalTo(2));
    assertThat(result.err().lines().findFirst().orElse(""), equalTo("Invalid value for option '--credential':"
        + " 'browser' is not a credential kind; use one of: interactive, device-code, cli, managed-identity,"
        + " client-secret, default, env-token"));
  }

  @Test
  public void missingPlanAndOutOfRangeNumbersAreUsageErrors() {
    Cli.Result noPlan = Cli.launch(Map.of(), "run");
    Cli.Result negative = launch.run(LaunchFixture.INTERBANK, "--retries", "-1");
    Cli.Result nothing = Cli.launch(Map.of());

    assertThat(noPlan.exitCode(), equalTo(2));
    assertThat(noPlan.err().lines().findFirst().orElse(""), equalTo("Missing required option: '--plan=FILE'"));
    assertThat(negative.exitCode(), equalTo(2));
    assertThat(negative.err().lines().findFirst().orElse(""), equalTo("--retries must be from 0 to 100"));
    assertThat(nothing.exitCode(), equalTo(2));
    assertThat(nothing.err().lines().findFirst().orElse(""), equalTo("say what to do: run, status or cancel"));
  }

  @Test
  public void badPlanNamesEachErrorsLineAndStartsNothing() {
    Cli.Result result = launch.run(TYPO_PLAN);

    assertThat(result.exitCode(), equalTo(2));
    assertThat(result.err(), equalTo("The plan cannot be run; nothing was started:\n"
        + "  " + TYPO_PLAN + ":6: step 'copy_core_customer_to_bronze' depends on 'copy_core_acount_to_bronze',"
        + " which is not a step of this plan (steps: copy_core_account_to_bronze, copy_core_customer_to_bronze)\n"
        + "  " + TYPO_PLAN + ":7: unknown key 'retires' in a step; known keys: name, dependsOn, pollInterval,"
        + " retries, retryDelay, timeout, continueOnFailure, pipeline, parameters\n"));
    assertThat(launch.emulator().requests(), empty());
    assertThat(Files.exists(launch.stateFile()), equalTo(false));
  }

  @Test
  public void statusPrintsTheTableAndTheLiveStatusWithoutTouchingTheFile() throws Exception {
    String runId = inFlightRun();
    byte[] before = Files.readAllBytes(launch.stateFile());

    Cli.Result result = Cli.launch(LaunchFixture.ENV, "status", "--state-file", launch.stateFile().toString());

    assertThat(result.err(), result.exitCode(), equalTo(0));
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(1).split("\\s+"), equalTo(new String[] {"STEP", "KIND", "TARGET", "STATUS", "ATTEMPTS",
        "DURATION", "RUN", "ID", "DETAIL"}));
    assertThat(lines.get(2).split("\\s+"), equalTo(new String[] {FIRST, "pipeline", FIRST, "Running", "1", "-",
        runId}));
    assertThat(lines.get(3).split("\\s+"), equalTo(new String[] {"copy_core_customer_to_bronze", "pipeline",
        "copy_core_customer_to_bronze", "Pending", "0", "-", "-"}));
    assertThat(lines.get(7), equalTo("0 of 5 steps succeeded"));
    assertThat(lines.subList(8, 10), equalTo(List.of("Live status:", "  " + FIRST + ": run " + runId
        + " is InProgress")));
    assertThat(Files.readAllBytes(launch.stateFile()), equalTo(before));
  }

  @Test
  public void cancelCancelsTheRecordedRunAndTheNextLaunchStartsTheStepAnew() throws Exception {
    String runId = inFlightRun();
    SynapseEmulator emulator = launch.emulator();

    Cli.Result result = Cli.launch(LaunchFixture.ENV, "cancel", "--state-file", launch.stateFile().toString(),
        "--poll-interval", "10ms", "--wait", "2s");

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(result.out(), equalTo(FIRST + ": run " + runId + " is Cancelled\n"));
    assertThat(emulator.events(), equalTo(List.of("create " + FIRST + " " + runId, "cancel " + runId,
        "Cancelled " + runId)));
    StepState step = StateStore.read(launch.stateFile()).orElseThrow().steps().get(FIRST);
    assertThat(step.status(), equalTo(StepStatus.CANCELLED));
    assertThat(step.runStatus(), equalTo("Cancelled"));

    Cli.Result again = Cli.launch(LaunchFixture.ENV, "cancel", "--state-file", launch.stateFile().toString());
    assertThat(again.out(), equalTo("Nothing in flight in " + launch.stateFile() + "\n"));

    emulator.script(FIRST, PipelineScript.succeedAfterPolls(1));
    assertThat(launch.run(LaunchFixture.INTERBANK).exitCode(), equalTo(0));
    assertThat(emulator.createRunCount(FIRST), equalTo(2));
  }

  @Test
  public void dryRunShowsTheRunItWouldReattachTo() {
    String runId = inFlightRun();

    Cli.Result result = launch.run(LaunchFixture.INTERBANK, "--dry-run");

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(result.out().lines().filter(l -> l.matches(" *\\d+\\. .*")).toList(), equalTo(List.of(
        " 1. " + FIRST + "  [pipeline]  (would reattach to run " + runId + ")",
        " 2. copy_core_customer_to_bronze  [pipeline]",
        " 3. copy_core_transaction_to_bronze2  [pipeline]",
        " 4. copy_ops_app_log_to_bronze  [pipeline]",
        " 5. copy_ops_infra_metric_to_bronze  [pipeline]")));
    assertThat(launch.emulator().requests().size(), equalTo(2));
  }

  @Test
  public void statusOfAMissingStateFileSaysSo() {
    Path missing = launch.folder().resolve("none.json");
    Cli.Result result = Cli.launch(Map.of(), "status", "--state-file", missing.toString());

    assertThat(result.exitCode(), equalTo(4));
    assertThat(result.err(), equalTo("no state file at " + missing + "\n"));
  }

  @Test
  public void helpListsTheSubcommandsAndExitCodes() {
    Cli.Result result = Cli.launch(Map.of(), "--help");

    assertThat(result.exitCode(), equalTo(0));
    assertThat(result.out(), containsString("run     Run a plan."));
    assertThat(result.out(), containsString("Exit codes: 0 every step succeeded; 1 a step did not succeed;"));
  }

  /**
   * A state file as a killed launcher leaves it: the first interbank step Running on a run that is still going in
   * the emulator. Returns the runId.
   */
  private String inFlightRun() {
    launch.emulator().script(FIRST, PipelineScript.hang());
    String runId = launch.startRun(FIRST);
    launch.writeState(StepState.pending(FIRST, "pipeline", FIRST).toBuilder().status(StepStatus.RUNNING)
        .attempts(1).addRunId(runId).runStatus("InProgress").startedAt("2024-06-01T10:00:00Z")
        .attemptStartedAt("2024-06-01T10:00:00Z").build());
    return runId;
  }
}
