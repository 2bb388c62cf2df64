package dev.finpipe.launcher.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.finpipe.launcher.cli.Cli;
import dev.finpipe.launcher.plan.LocalStage;
import dev.finpipe.launcher.plan.Plan;
import dev.finpipe.launcher.plan.StepPolicy;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/** Local medallion stages run as subprocesses: a fake command stands in for {@code make}. */
public class LocalStageTest {
  private static final Path FIXTURES = Path.of("src/test/resources/LocalStageTest").toAbsolutePath();

  @Rule
  public final LaunchFixture launch = new LaunchFixture();

  @Test
  public void failedAttemptIsRetriedWithTheNextAttemptNumber() throws Exception {
    Cli.Result result = run("flaky.yaml");

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(calls(), equalTo(List.of(
        "bronze bronze dev spark [--topN=20 --day=2024-06-01] attempt 1",
        "bronze bronze dev spark [--topN=20 --day=2024-06-01] attempt 2",
        "silver silver prod direct [] attempt 1",
        "silver silver prod direct [] attempt 2")));
    LaunchState state = launch.state();
    for (String stage : List.of("bronze", "silver")) {
      StepState step = state.steps().get(stage);
      assertThat(step.status(), equalTo(StepStatus.SUCCEEDED));
      assertThat(step.attempts(), equalTo(2));
      assertThat(step.pid(), equalTo(null));
    }
    assertThat(launch.emulator().requests(), empty());
  }

  @Test
  public void stageThatKeepsFailingIsTriedFourTimesThenStopsThePlan() throws Exception {
    Cli.Result result = run("always-fails.yaml");

    assertThat(result.exitCode(), equalTo(1));
    assertThat(calls(), equalTo(List.of("bronze attempt 1", "bronze attempt 2", "bronze attempt 3",
        "bronze attempt 4")));
    StepState bronze = launch.state().steps().get("bronze");
    assertThat(bronze.status(), equalTo(StepStatus.FAILED));
    assertThat(bronze.attempts(), equalTo(4));
    assertThat(bronze.message(), equalTo("failed 4 times; last: bronze exited with code 3"));
    StepState silver = launch.state().steps().get("silver");
    assertThat(silver.status(), equalTo(StepStatus.SKIPPED));
    assertThat(silver.message(), equalTo("skipped: it depends on 'bronze', which ended Failed"));
  }

  @Test
  public void timeoutEndsTheStageAndEverythingItStarted() throws Exception {
    Instant start = Instant.now();
    Cli.Result result = run("hangs.yaml");

    assertThat(result.exitCode(), equalTo(1));
    assertThat("far sooner than the 60 s sleep", Duration.between(start, Instant.now()).toSeconds() < 20,
        equalTo(true));
    StepState bronze = launch.state().steps().get("bronze");
    assertThat(bronze.status(), equalTo(StepStatus.TIMED_OUT));
    assertThat(bronze.attempts(), equalTo(1));
    assertThat(bronze.message(), equalTo("timed out after 300ms"));
    long child = Long.parseLong(Files.readString(launch.folder().resolve("child.pid")).trim());
    Optional<ProcessHandle> sleeper = ProcessHandle.of(child);
    if (sleeper.isPresent()) {
      sleeper.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat("the stage's child process was ended too", ProcessHandle.of(child).map(ProcessHandle::isAlive)
        .orElse(false), equalTo(false));
  }

  @Test
  public void defaultCommandIsMakeWithEnvRunnerAndArgs() {
    LocalStage stage = new LocalStage("silver", "silver", "prod", "direct", "customers", List.of("--topN=20", "--x=y"),
        List.of(), StepPolicy.BUILT_IN, 1);

    assertThat(LocalStageRunner.command(Plan.DEFAULT_LOCAL_COMMAND, stage, Path.of("/srv/finpipe"), 2),
        equalTo(List.of("make", "-C", "/srv/finpipe", "silver", "ENV=prod", "RUNNER=direct", "DOMAIN=customers",
            "ARGS=--topN=20 --x=y")));
  }

  @Test
  public void medallionPlanDryRunShowsTheMakeCommands() {
    Cli.Result result = Cli.launch(LaunchFixture.ENV, "run", "--plan",
        "../runners-config/synapse/local-medallion.yaml", "--dry-run", "--project-dir", "/srv/finpipe");

    assertThat(result.err(), result.exitCode(), equalTo(0));
    for (String domain : List.of("customers", "accounts", "transactions", "app_logs", "infra_metrics")) {
      assertThat(result.out(), containsString("run: make -C /srv/finpipe bronze ENV=dev RUNNER=spark DOMAIN=" + domain
          + " ARGS=  (in /srv/finpipe)"));
      assertThat(result.out(), containsString("run: make -C /srv/finpipe silver ENV=dev RUNNER=spark DOMAIN=" + domain
          + " ARGS="));
    }
    assertThat(result.out(), containsString("run: make -C /srv/finpipe gold ENV=dev RUNNER=spark DOMAIN= ARGS="));
    assertThat(result.out(), containsString("after: silver-customers, silver-accounts, silver-transactions"));
  }

  private Cli.Result run(String plan) {
    return launch.run(FIXTURES.resolve(plan), "--project-dir", launch.folder().toString());
  }

  private List<String> calls() throws Exception {
    return Files.readAllLines(launch.folder().resolve("calls.txt"));
  }
}
