package dev.finpipe.launcher.state;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.Assert.assertThrows;

import dev.finpipe.launcher.synapse.ActivityFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class StateStoreTest {
  @Rule
  public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void everyUpdateIsOnDiskWithNoTemporaryFileLeft() throws Exception {
    Path file = folder.getRoot().toPath().resolve("nested/launch.state.json");
    StateStore store = new StateStore(file, state(), Clock.systemUTC());

    store.update("a", s -> s.toBuilder().status(StepStatus.RUNNING).attempts(1).addRunId("run-1").build());
    store.update("a", s -> s.toBuilder().runStatus("InProgress").failure(new ActivityFailure("Copy", "Copy",
        "2200", "missing")).build());

    LaunchState read = StateStore.read(file).orElseThrow();
    assertThat(read.steps().get("a"), equalTo(store.step("a")));
    assertThat(read.steps().get("a").runIds(), contains("run-1"));
    assertThat(read.steps().get("a").failure(), equalTo(new ActivityFailure("Copy", "Copy", "2200", "missing")));
    assertThat(read.steps().keySet(), contains("a", "b"));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()),
          contains("launch.state.json"));
    }
  }

  @Test
  public void theLastRunIsInFlightUntilSynapseSaysItEnded() {
    StepState none = StepState.pending("a", "pipeline", "a");
    StepState started = none.toBuilder().addRunId("run-1").addRunId("run-2").build();
    StepState polled = started.toBuilder().runStatus("Canceling").build();
    StepState ended = started.toBuilder().runStatus("Failed").build();

    assertThat(none.inFlightRunId(), equalTo(Optional.empty()));
    assertThat(started.inFlightRunId(), equalTo(Optional.of("run-2")));
    assertThat(polled.inFlightRunId(), equalTo(Optional.of("run-2")));
    assertThat(ended.inFlightRunId(), equalTo(Optional.empty()));
  }

  @Test
  public void absentFileIsEmptyAndGarbageIsAStateException() throws Exception {
    Path file = folder.getRoot().toPath().resolve("state.json");
    assertThat(StateStore.read(file), equalTo(Optional.empty()));
    Files.writeString(file, "{not json");
    StateException e = assertThrows(StateException.class, () -> StateStore.read(file));
    assertThat(e.getMessage().startsWith("cannot read the state file " + file + ": "), equalTo(true));
  }

  private static LaunchState state() {
    Map<String, StepState> steps = new LinkedHashMap<>();
    for (String name : List.of("a", "b")) {
      steps.put(name, StepState.pending(name, "pipeline", name));
    }
    return new LaunchState(LaunchState.VERSION, "plan.yaml", "ws", "http://x", "env-token", "t0", "t0", steps);
  }
}
