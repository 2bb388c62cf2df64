package dev.finpipe.launcher.run;

import static dev.finpipe.launcher.run.LaunchFixture.INTERBANK;
import static dev.finpipe.launcher.run.LaunchFixture.INTERBANK_PIPELINES;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.finpipe.launcher.cli.Cli;
import dev.finpipe.launcher.emulator.SynapseEmulator;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * A launcher killed after sending createRun but before writing the runId (the state holds
 * {@code createRunSentAt}, no runId): the restart must find that run rather than start a second one.
 */
public class UnrecordedRunTest {
  private static final String FIRST = INTERBANK_PIPELINES.get(0);

  @Rule
  public final LaunchFixture launch = new LaunchFixture();

  @Test
  public void runStartedButNeverRecordedIsAdoptedOnRestart() throws Exception {
    String sentAt = Instant.now().minusSeconds(1).toString();
    String runId = launch.startRun(FIRST);
    launch.writeState(killedWhileSending(sentAt));

    Cli.Result result = launch.run(INTERBANK);

    assertThat(result.err(), result.exitCode(), equalTo(0));
    SynapseEmulator emulator = launch.emulator();
    assertThat(emulator.createRunCount(FIRST), equalTo(1));
    StepState first = launch.state().steps().get(FIRST);
    assertThat(first.status(), equalTo(StepStatus.SUCCEEDED));
    assertThat(first.runIds(), contains(runId));
    assertThat(first.attempts(), equalTo(1));
    assertThat(first.createRunSentAt(), equalTo(null));
  }

  @Test
  public void createRunThatNeverStartedARunIsSentOnceOnRestart() throws Exception {
    launch.writeState(killedWhileSending(Instant.now().minusSeconds(1).toString()));

    Cli.Result result = launch.run(INTERBANK);

    assertThat(result.err(), result.exitCode(), equalTo(0));
    assertThat(launch.emulator().createRunCount(FIRST), equalTo(1));
    StepState first = launch.state().steps().get(FIRST);
    assertThat(first.runIds(), equalTo(launch.emulator().runIds(FIRST)));
    assertThat(first.attempts(), equalTo(2));
  }

  private static StepState killedWhileSending(String sentAt) {
    return StepState.pending(FIRST, "pipeline", FIRST).toBuilder().status(StepStatus.RUNNING).attempts(1)
        .attemptStartedAt(sentAt).createRunSentAt(sentAt).startedAt(sentAt).build();
  }
}
