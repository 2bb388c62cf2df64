package dev.finpipe.launcher.run;

import static dev.finpipe.launcher.run.LaunchFixture.INTERBANK;
import static dev.finpipe.launcher.run.LaunchFixture.INTERBANK_PIPELINES;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.finpipe.launcher.cli.Cli;
import dev.finpipe.launcher.cli.LaunchCommand;
import dev.finpipe.launcher.emulator.PipelineScript;
import dev.finpipe.launcher.emulator.PipelineScript.RunScript;
import dev.finpipe.launcher.emulator.SynapseEmulator;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;

/**
 * The launcher as a real process, stopped from outside: by SIGKILL (no chance to clean up; a restart must reattach
 * to the run in the state file) and by SIGTERM (the shutdown hook must cancel the run before the JVM exits).
 */
public class KillAndResumeTest {
  private static final String FIRST = INTERBANK_PIPELINES.get(0);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Rule
  public final LaunchFixture launch = new LaunchFixture();

  @Test
  public void launcherKilledMidRunReattachesToTheSameRunOnRestart() throws Exception {
    SynapseEmulator emulator = launch.emulator()
        .script(FIRST, PipelineScript.runs(new RunScript(25, "Succeeded", null, null)));
    Process child = startLauncher("--poll-interval", "40ms");
    assertThat("the first run was polled", emulator.awaitPolls(FIRST, 2, PATIENCE), equalTo(true));

    child.destroyForcibly();
    assertThat(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), equalTo(true));

    String runId = emulator.runIds(FIRST).get(0);
    StepState killed = launch.state().steps().get(FIRST);
    assertThat(killed.status(), equalTo(StepStatus.RUNNING));
    assertThat(killed.runIds(), contains(runId));

    Cli.Result refused = launch.run(INTERBANK, "--fresh");
    assertThat(refused.exitCode(), equalTo(4));
    assertThat(refused.err().startsWith("Nothing was started: " + launch.stateFile()
        + " records runs that may still be going (" + FIRST + ": " + runId + ")"), equalTo(true));

    Cli.Result restarted = launch.run(INTERBANK);

    assertThat(restarted.err(), restarted.exitCode(), equalTo(0));
    assertThat(emulator.createRunCount(FIRST), equalTo(1));
    List<String> expected = new ArrayList<>(List.of("create " + FIRST + " " + runId, "Succeeded " + runId));
    for (String pipeline : INTERBANK_PIPELINES.subList(1, 5)) {
      String id = emulator.runIds(pipeline).get(0);
      expected.addAll(List.of("create " + pipeline + " " + id, "Succeeded " + id));
    }
    assertThat(emulator.events(), equalTo(expected));
    StepState resumed = launch.state().steps().get(FIRST);
    assertThat(resumed.status(), equalTo(StepStatus.SUCCEEDED));
    assertThat(resumed.runIds(), contains(runId));
    assertThat(resumed.attempts(), equalTo(1));
  }

  @Test
  public void sigtermCancelsTheInFlightRunBeforeExit() throws Exception {
    SynapseEmulator emulator = launch.emulator().script(FIRST, PipelineScript.hang());
    Process child = startLauncher();
    assertThat("the first run was polled", emulator.awaitPolls(FIRST, 2, PATIENCE), equalTo(true));

    child.destroy();
    assertThat(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), equalTo(true));

    assertThat(child.exitValue(), equalTo(143));
    String runId = emulator.runIds(FIRST).get(0);
    assertThat(emulator.events(), equalTo(List.of("create " + FIRST + " " + runId, "cancel " + runId,
        "Cancelled " + runId)));
    LaunchState state = launch.state();
    StepState first = state.steps().get(FIRST);
    assertThat(first.status(), equalTo(StepStatus.CANCELLED));
    assertThat(first.runStatus(), equalTo("Cancelled"));
    assertThat(first.message(), equalTo("the launcher stopped (received a stop signal); run " + runId
        + " is Cancelled"));
    assertThat(state.steps().values().stream().skip(1).map(StepState::status).collect(Collectors.toList()),
        equalTo(List.of(StepStatus.NOT_STARTED, StepStatus.NOT_STARTED, StepStatus.NOT_STARTED,
            StepStatus.NOT_STARTED)));
    assertThat(launch.summary().path("exitCode").asInt(), equalTo(1));
  }

  /** {@code launch run} of the interbank plan in its own JVM, as {@code java -jar} would run it. */
  private Process startLauncher(String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LaunchCommand.class.getName()));
    command.addAll(launch.runArgs(INTERBANK, extra));
    Path log = launch.folder().resolve("launcher.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("AZURE_ACCESS_TOKEN", LaunchFixture.TOKEN);
    return builder.start();
  }
}
