package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.auth.CredentialException;
import dev.finpipe.launcher.auth.CredentialKind;
import dev.finpipe.launcher.plan.Plan;
import dev.finpipe.launcher.plan.PlanError;
import dev.finpipe.launcher.plan.PlanException;
import dev.finpipe.launcher.plan.PlanLoader;
import dev.finpipe.launcher.plan.PolicyOverrides;
import dev.finpipe.launcher.run.DryRun;
import dev.finpipe.launcher.run.Launcher;
import dev.finpipe.launcher.run.LaunchStates;
import dev.finpipe.launcher.run.LocalStageRunner;
import dev.finpipe.launcher.run.PipelineStepRunner;
import dev.finpipe.launcher.run.StepRunner;
import dev.finpipe.launcher.run.Summary;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launch run}: validates the plan, signs in, opens (or resumes) the state file and runs the steps, then prints
 * the summary table and writes the JSON summary. On SIGINT/SIGTERM the in-flight runs are cancelled before exit.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a plan. Settings given here replace the plan's defaults; a step's own setting still wins.")
public final class RunCommand implements Callable<Integer> {
  @ParentCommand
  LaunchCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The plan file (YAML).")
  Path plan;

  @Option(names = "--poll-interval", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How often to ask for a run's status (plan default, else 30s).")
  Duration pollInterval;

  @Option(names = "--retries", paramLabel = "N", description = "Attempts after a failed one (plan default, else 3).")
  Integer retries;

  @Option(names = "--retry-delay", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Wait before trying a failed step again (plan default, else 10s).")
  Duration retryDelay;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Longest one attempt may take before its run is cancelled (plan default, else 24h).")
  Duration timeout;

  @Option(names = "--max-parallel", paramLabel = "N",
      description = "Most steps running at once (plan default, else 1: the file's order).")
  Integer maxParallel;

  @Option(names = "--state-file", paramLabel = "FILE",
      description = "Where the launch's state lives (default: logs/launcher/<plan name>.state.json).")
  Path stateFile;

  @Option(names = "--summary-file", paramLabel = "FILE",
      description = "Where the JSON summary goes (default: next to the state file, <plan name>.summary.json).")
  Path summaryFile;

  @Option(names = "--project-dir", paramLabel = "DIR", defaultValue = ".",
      description = "Where local stages run (the FinPipe checkout; default: the current directory).")
  Path projectDir;

  @Option(names = "--cancel-wait", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "5m",
      description = "How long to wait for a cancelled run to reach Cancelled (default: ${DEFAULT-VALUE}).")
  Duration cancelWait;

  @Option(names = "--fresh",
      description = "Start every step anew instead of resuming the state file (refused while it has live runs).")
  boolean fresh;

  @Option(names = "--dry-run", description = "Print what would run, in which order; start nothing, call nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (retries != null && (retries < 0 || retries > 100)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--retries must be from 0 to 100");
    }
    if (maxParallel != null && (maxParallel < 1 || maxParallel > 64)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-parallel must be from 1 to 64");
    }
    Plan loaded;
    try {
      loaded = PlanLoader.load(plan, new PolicyOverrides(pollInterval, retries, retryDelay, timeout, maxParallel));
    } catch (PlanException e) {
      err.println("The plan cannot be run; nothing was started:");
      e.errors().stream().map(PlanError::toString).forEach(line -> err.println("  " + line));
      err.flush();
      return ExitCodes.USAGE;
    }
    URI endpoint = endpoint(loaded);
    Path state = stateFile != null ? stateFile : defaultFile(".state.json");
    Path summary = summaryFile != null ? summaryFile
        : state.resolveSibling(stem(plan) + ".summary.json");
    CredentialKind kind = connection.credential != null ? connection.credential : CredentialKind.INTERACTIVE;
    String endpointText = endpoint == null ? null : endpoint.toString();
    if (dryRun) {
      try {
        DryRun.print(loaded, endpoint, LaunchStates.decide(state, loaded, endpointText, kind.cliName(), fresh,
            parent.clock()), projectDir.toAbsolutePath().normalize(), out);
      } catch (StateException e) {
        return ExitCodes.fail(err, "A real run would start nothing: " + e.getMessage(), ExitCodes.STATE);
      }
      out.flush();
      return ExitCodes.OK;
    }
    StepRunner pipelines = null;
    if (loaded.hasPipelines()) {
      try {
        pipelines = new PipelineStepRunner(connection.client(endpoint, kind, parent, parent.clock()),
            loaded.studioWorkspaceId(), cancelWait, parent.clock());
      } catch (CredentialException e) {
        return ExitCodes.fail(err, "No credential, nothing was started: " + e.getMessage(), ExitCodes.CREDENTIALS);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    StateStore store;
    try {
      store = LaunchStates.open(state, loaded, endpointText, kind.cliName(), fresh, parent.clock());
    } catch (StateException e) {
      return ExitCodes.fail(err, "Nothing was started: " + e.getMessage(), ExitCodes.STATE);
    }
    Launcher launcher = new Launcher(loaded, store,
        pipelines, new LocalStageRunner(loaded.localCommand(), projectDir.toAbsolutePath().normalize(),
            parent.clock()), parent.clock());
    return runToEnd(launcher, state, summary, out, err);
  }

  private int runToEnd(Launcher launcher, Path state, Path summary, PrintWriter out, PrintWriter err) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      launcher.stop("received a stop signal");
      // The JVM exits when this hook returns: first let the steps cancel their runs and the summary be written.
      try {
        finished.await(cancelWait.plus(connection.requestTimeout.multipliedBy(2)).plusSeconds(15).toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "launcher-stop");
    if (parent.signalHandlers()) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      LaunchState end = launcher.run();
      out.println();
      Summary.printTable(end, out);
      try {
        Summary.writeJson(end, summary, parent.clock().instant());
        out.println("State: " + state + "   Summary: " + summary);
      } catch (IOException e) {
        err.println("Could not write the JSON summary " + summary + ": " + e.getMessage());
      }
      out.flush();
      err.flush();
      return Summary.exitCode(end);
    } finally {
      finished.countDown();
      if (parent.signalHandlers()) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is already running (a signal arrived); it returns once `finished` is counted down.
        }
      }
    }
  }

  private URI endpoint(Plan loaded) {
    URI target = connection.endpoint;
    if (target == null) {
      return loaded.workspace() == null ? null
          : URI.create("https://" + loaded.workspace() + ".dev.azuresynapse.net");
    }
    if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme()) || target.getHost() == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--endpoint must be an http(s) URL such as https://myworkspace.dev.azuresynapse.net; got " + target);
    }
    return target;
  }

  private Path defaultFile(String suffix) {
    return Path.of("logs", "launcher", stem(plan) + suffix);
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
