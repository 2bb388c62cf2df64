package dev.finpipe.launcher.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import dev.finpipe.launcher.plan.Plan;
import dev.finpipe.launcher.plan.PlanLoader;
import dev.finpipe.launcher.plan.PolicyOverrides;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.state.StepStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The resume decisions that no emulator run reaches easily. */
public class LaunchStatesTest {
  private static final Path MEDALLION = Path.of("src/test/resources/LaunchStatesTest/medallion.yaml");

  @Rule
  public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void aLocalStageStillRunningFromAKilledLaunchIsNotStartedAgain() throws Exception {
    Plan plan = PlanLoader.load(MEDALLION, PolicyOverrides.NONE);
    ProcessHandle alive = ProcessHandle.current();
    Path file = stateWith(StepState.pending("bronze", "local", "bronze").toBuilder().status(StepStatus.RUNNING)
        .attempts(1).process(alive.pid(), alive.info().startInstant().map(Instant::toString).orElse(null)).build());

    StateException e = assertThrows(StateException.class,
        () -> LaunchStates.decide(file, plan, null, "interactive", false, Clock.systemUTC()));

    assertThat(e.getMessage(), equalTo("local stage 'bronze' from an earlier launch is still running (pid "
        + alive.pid() + "); wait for it or end it with launch cancel --state-file " + file));
  }

  @Test
  public void aLocalStageWhoseProcessIsGoneRunsAgainKeepingItsAttempts() throws Exception {
    Plan plan = PlanLoader.load(MEDALLION, PolicyOverrides.NONE);
    Path file = stateWith(StepState.pending("bronze", "local", "bronze").toBuilder().status(StepStatus.RUNNING)
        .attempts(1).process(ProcessHandle.current().pid(), "1999-01-01T00:00:00Z").build());

    LaunchState start = LaunchStates.decide(file, plan, null, "interactive", false, Clock.systemUTC());

    StepState bronze = start.steps().get("bronze");
    assertThat(bronze.status(), equalTo(StepStatus.PENDING));
    assertThat(bronze.attempts(), equalTo(1));
    assertThat(bronze.pid(), equalTo(null));
  }

  private Path stateWith(StepState bronze) {
    Path file = folder.getRoot().toPath().resolve("state.json");
    Map<String, StepState> steps = new LinkedHashMap<>();
    steps.put("bronze", bronze);
    steps.put("silver", StepState.pending("silver", "local", "silver"));
    steps.put("gold", StepState.pending("gold", "local", "gold"));
    new StateStore(file, new LaunchState(LaunchState.VERSION, MEDALLION.toString(), null, null, "interactive",
        "2024-06-01T10:00:00Z", "2024-06-01T10:00:00Z", steps), Clock.systemUTC());
    return file;
  }
}
