package dev.finpipe.launcher.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code launch}: runs a plan of Azure Synapse pipelines and local medallion stages, shows a launch's status, or
 * cancels its runs.
 *
 * <pre>{@code
 * java -jar launcher/target/finpipe-launcher.jar run --plan runners-config/synapse/interbank-bronze.yaml
 * java -jar launcher/target/finpipe-launcher.jar status --state-file logs/launcher/interbank-bronze.state.json
 * java -jar launcher/target/finpipe-launcher.jar cancel --state-file logs/launcher/interbank-bronze.state.json
 * }</pre>
 */
@Command(name = "launch", mixinStandardHelpOptions = true, version = "finpipe launcher 0.1.0",
    description = "Runs Azure Synapse pipelines and local medallion stages from a plan file, with retries, "
        + "polling, cancel and resume.",
    subcommands = {RunCommand.class, StatusCommand.class, CancelCommand.class},
    footer = {"", "Exit codes: 0 every step succeeded; 1 a step did not succeed; 2 bad command line or plan; "
        + "3 no credential; 4 unusable state file; 128+N stopped by signal N."})
public final class LaunchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;
  private final PrintStream prompts;
  private final boolean signalHandlers;
  private final Clock clock;

  /**
   * @param env the environment credentials read (AZURE_ACCESS_TOKEN, AZURE_CLIENT_ID, ...)
   * @param signalHandlers whether {@code run} installs a shutdown hook that cancels in-flight runs on
   *     SIGINT/SIGTERM; off for in-process use (tests), where hooks would pile up in one JVM
   */
  public LaunchCommand(Map<String, String> env, PrintStream prompts, boolean signalHandlers, Clock clock) {
    this.env = Map.copyOf(env);
    this.prompts = prompts;
    this.signalHandlers = signalHandlers;
    this.clock = clock;
  }

  public static void main(String[] args) {
    // Azure's load balancers drop connections idle for 4 minutes; the JDK keeps them 20. Reusing a dropped one for
    // a createRun would make its outcome needlessly ambiguous, so idle connections are let go after 2 minutes.
    if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
      System.setProperty("jdk.httpclient.keepalive.timeout", "120");
    }
    System.exit(commandLine(new LaunchCommand(System.getenv(), System.err, true, Clock.systemUTC())).execute(args));
  }

  /** The command line for {@code command}, with the launcher's error handling. */
  public static CommandLine commandLine(LaunchCommand command) {
    CommandLine line = new CommandLine(command);
    // The last of a repeated option wins, so `make launch LAUNCH_ARGS=...` can override flags the Makefile sets.
    line.setOverwrittenOptionsAllowed(true);
    return line;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: run, status or cancel");
  }

  Map<String, String> env() {
    return env;
  }

  PrintStream prompts() {
    return prompts;
  }

  boolean signalHandlers() {
    return signalHandlers;
  }

  Clock clock() {
    return clock;
  }
}
