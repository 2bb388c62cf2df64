package dev.finpipe.launcher.emulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the {@link SynapseEmulator} for demos ({@code make synapse-emulator}) on 127.0.0.1, until Ctrl-C.
 *
 * <pre>{@code
 * make synapse-emulator EMULATOR_PORT=8089 EMULATOR_ARGS="copy_ops_app_log_to_bronze=fail"
 * AZURE_ACCESS_TOKEN=demo-token make launch LAUNCH_ARGS="--endpoint http://127.0.0.1:8089 --credential env-token \
 *     --poll-interval 1s --retry-delay 1s"
 * }</pre>
 *
 * <p>Arguments: {@code [--port N] [--token T] [pipeline=behaviour ...]} where a behaviour is {@code succeed[:polls]},
 * {@code fail[:polls]}, {@code cancel[:polls]}, {@code hang}, {@code 429[:times]} or {@code 500[:times]} (faults
 * before the run succeeds). Unnamed pipelines succeed after 3 polls.
 */
public final class SynapseEmulatorMain {
  private SynapseEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    int port = 8089;
    String token = "demo-token";
    Map<String, PipelineScript> scripts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i])) {
        port = Integer.parseInt(args[++i]);
      } else if ("--token".equals(args[i])) {
        token = args[++i];
      } else if (args[i].contains("=")) {
        String[] parts = args[i].split("=", 2);
        scripts.put(parts[0], behaviour(parts[1]));
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    SynapseEmulator emulator = SynapseEmulator.start(port, token);
    emulator.fallback(PipelineScript.succeedAfterPolls(3));
    scripts.forEach(emulator::script);
    System.out.println("Synapse emulator on " + emulator.endpoint() + " (bearer token '" + token + "')");
    scripts.keySet().forEach(p -> System.out.println("  scripted: " + p));
    System.out.println("Try: AZURE_ACCESS_TOKEN=" + token + " make launch LAUNCH_ARGS=\"--endpoint "
        + emulator.endpoint() + " --credential env-token --poll-interval 1s --retry-delay 1s\"");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }));
    stopped.await();
  }

  static PipelineScript behaviour(String spec) {
    String[] parts = spec.split(":", 2);
    int n = parts.length > 1 ? Integer.parseInt(parts[1]) : 3;
    switch (parts[0]) {
      case "succeed":
        return PipelineScript.succeedAfterPolls(n);
      case "fail":
        return PipelineScript.failAfterPolls(n, "2200", "ErrorCode=UserErrorSourceNotFound, the source is missing");
      case "cancel":
        return PipelineScript.cancelledAfterPolls(n);
      case "hang":
        return PipelineScript.hang();
      case "429":
        return PipelineScript.succeedAfterPolls(3).withCreateRunFaults(repeat(
            PipelineScript.Fault.tooManyRequests(Duration.ofSeconds(2)), parts.length > 1 ? n : 1));
      case "500":
        return PipelineScript.succeedAfterPolls(3).withCreateRunFaults(repeat(PipelineScript.Fault.serverError(),
            parts.length > 1 ? n : 2));
      default:
        throw new IllegalArgumentException("unknown behaviour '" + spec
            + "': use succeed[:N], fail[:N], cancel[:N], hang, 429[:N], 500[:N]");
    }
  }

  private static PipelineScript.Fault[] repeat(PipelineScript.Fault fault, int times) {
    PipelineScript.Fault[] faults = new PipelineScript.Fault[times];
    Arrays.fill(faults, fault);
    return faults;
  }
}
