package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.auth.CredentialKind;
import dev.finpipe.launcher.auth.Credentials;
import dev.finpipe.launcher.auth.TokenSource;
import dev.finpipe.launcher.synapse.Backoff;
import dev.finpipe.launcher.synapse.SynapseClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach Synapse: shared by run, status and cancel. */
public final class ConnectionOptions {

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "Synapse development endpoint (default: https://<workspace>.dev.azuresynapse.net for run; "
          + "the launch's own for status and cancel).")
  URI endpoint;

  @Option(names = "--credential", paramLabel = "KIND", converter = CredentialKindConverter.class,
      description = "How to sign in: interactive, device-code, cli, managed-identity, client-secret, default, "
          + "env-token (default: interactive for run; the launch's own for status and cancel).")
  CredentialKind credential;

  @Option(names = "--token-cache-unencrypted",
      description = "Let the interactive/device-code token cache use a plain file where no OS keyring exists.")
  boolean tokenCacheUnencrypted;

  @Option(names = "--request-timeout", paramLabel = "DUR", converter = DurationConverter.class,
      defaultValue = "60s", description = "How long one HTTP request may take (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--backoff-initial", paramLabel = "DUR", converter = DurationConverter.class,
      defaultValue = "1s", description = "First wait after a 5xx, 408 or network error; doubles each time "
          + "(default: ${DEFAULT-VALUE}).")
  Duration backoffInitial;

  @Option(names = "--backoff-max", paramLabel = "DUR", converter = DurationConverter.class,
      defaultValue = "60s", description = "Longest such wait (default: ${DEFAULT-VALUE}).")
  Duration backoffMax;

  /** A client for {@code endpoint}, signing in with {@code kind}; throws CredentialException when it cannot. */
  SynapseClient client(URI target, CredentialKind kind, LaunchCommand launcher, Clock clock) {
    Credentials.Options options = new Credentials.Options(
        Credentials.Options.defaults(launcher.prompts()).recordDir(), tokenCacheUnencrypted, launcher.prompts());
    TokenSource tokens = Credentials.create(kind, launcher.env(), options, clock);
    // Ask for the first token now, so a credential problem stops the command before anything starts.
    tokens.bearerToken();
    return new SynapseClient(target, tokens, new SynapseClient.Settings(requestTimeout,
        new Backoff(backoffInitial, backoffMax)));
  }
}
