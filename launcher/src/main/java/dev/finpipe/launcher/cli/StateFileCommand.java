package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.auth.CredentialKind;
import dev.finpipe.launcher.state.LaunchState;
import dev.finpipe.launcher.state.StateException;
import dev.finpipe.launcher.state.StateStore;
import dev.finpipe.launcher.synapse.SynapseClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code status} and {@code cancel} share: the {@code --state-file} they work on, and a Synapse client that by
 * default reaches the endpoint with the credential the launch itself used (both recorded in the file).
 */
abstract class StateFileCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  LaunchCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--state-file", required = true, paramLabel = "FILE", description = "The launch's state file.")
  Path stateFile;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LaunchState state;
    try {
      state = StateStore.read(stateFile).orElseThrow(() -> new StateException("no state file at " + stateFile));
    } catch (StateException e) {
      return ExitCodes.fail(err, e.getMessage(), ExitCodes.STATE);
    }
    int code = call(state, out, err);
    out.flush();
    err.flush();
    return code;
  }

  /** The command's work on the launch's {@code state}; returns the exit code. */
  abstract int call(LaunchState state, PrintWriter out, PrintWriter err);

  /** A client for the launch's endpoint; throws CredentialException when no token can be had. */
  SynapseClient client(LaunchState state) {
    URI endpoint = connection.endpoint != null ? connection.endpoint : URI.create(state.endpoint());
    CredentialKind kind = connection.credential != null ? connection.credential
        : state.credential() == null ? CredentialKind.INTERACTIVE : CredentialKind.fromCliName(state.credential());
    return connection.client(endpoint, kind, parent, parent.clock());
  }
}
