package dev.finpipe.launcher.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.finpipe.launcher.cli.Cli;
import dev.finpipe.launcher.control.CallLimits;
import dev.finpipe.launcher.emulator.SynapseEmulator;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.state.StepState;
import dev.finpipe.launcher.synapse.Backoff;
import dev.finpipe.launcher.synapse.SynapseClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * An emulator, a temporary folder for the state and summary files, and {@code launch run} with millisecond-scale
 * settings pointed at the emulator. A JUnit rule: the emulator starts before each test and stops after it.
 */
public final class LaunchFixture extends ExternalResource {
  public static final String TOKEN = "test-token";
  public static final Map<String, String> ENV = Map.of("AZURE_ACCESS_TOKEN", TOKEN);
  public static final Path INTERBANK = Path.of("../runners-config/synapse/interbank-bronze.yaml");
  public static final List<String> INTERBANK_PIPELINES = List.of("copy_core_account_to_bronze",
      "copy_core_customer_to_bronze", "copy_core_transaction_to_bronze2", "copy_ops_app_log_to_bronze",
      "copy_ops_infra_metric_to_bronze");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TemporaryFolder folder = new TemporaryFolder();
  private SynapseEmulator emulator;

  @Override
  protected void before() throws Throwable {
    folder.create();
    emulator = SynapseEmulator.start(0, TOKEN);
  }

  @Override
  protected void after() {
    emulator.close();
    folder.delete();
  }

  public SynapseEmulator emulator() {
    return emulator;
  }

  public Path stateFile() {
    return folder.getRoot().toPath().resolve("launch.state.json");
  }

  public Path summaryFile() {
    return folder.getRoot().toPath().resolve("launch.summary.json");
  }

  public Path folder() {
    return folder.getRoot().toPath();
  }

  /** The command line of {@code launch run} against the emulator; {@code extra} flags come last and win. */
  public List<String> runArgs(Path plan, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--plan", plan.toString(),
        "--endpoint", emulator.endpoint().toString(), "--credential", "env-token",
        "--poll-interval", "10ms", "--retry-delay", "10ms", "--backoff-initial", "5ms", "--backoff-max", "40ms",
        "--request-timeout", "2s", "--cancel-wait", "2s",
        "--state-file", stateFile().toString(), "--summary-file", summaryFile().toString()));
    args.addAll(Arrays.asList(extra));
    return args;
  }

  public Cli.Result run(Path plan, String... extra) {
    return Cli.launch(ENV, runArgs(plan, extra).toArray(new String[0]));
  }

  public Cli.Result runWithEnv(Map<String, String> env, Path plan, String... extra) {
    return Cli.launch(env, runArgs(plan, extra).toArray(new String[0]));
  }

  /**
   * Writes a state file for the interbank plan at this emulator, as an earlier launch would have left it:
   * {@code earlier} first, then the rest of the interbank steps pending.
   */
  public void writeState(StepState... earlier) {
    Map<String, StepState> steps = new LinkedHashMap<>();
    for (StepState step : earlier) {
      steps.put(step.name(), step);
    }
    INTERBANK_PIPELINES.forEach(p -> steps.putIfAbsent(p, StepState.pending(p, "pipeline", p)));
    new StateStore(stateFile(), new LaunchState(LaunchState.VERSION, INTERBANK.toAbsolutePath().toString(),
        "syn-interbank-lake", emulator.endpoint().toString(), "env-token", "2024-06-01T10:00:00Z",
        "2024-06-01T10:00:01Z", steps), Clock.systemUTC());
  }

  /** Starts a run in the emulator the way a launcher would (for states an earlier launch left). */
  public String startRun(String pipeline) {
    SynapseClient client = new SynapseClient(emulator.endpoint(), () -> TOKEN,
        new SynapseClient.Settings(Duration.ofSeconds(2), new Backoff(Duration.ofMillis(5), Duration.ofMillis(20))));
    CallLimits limits = CallLimits.unstoppable(Clock.systemUTC(), Duration.ofSeconds(5));
    String runId = client.createRun(pipeline, JsonNodeFactory.instance.objectNode(), limits);
    client.getRun(runId, limits);
    return runId;
  }

  public LaunchState state() {
    return StateStore.read(stateFile()).orElseThrow();
  }

  public JsonNode summary() throws IOException {
    return JSON.readTree(summaryFile().toFile());
  }
}
