package dev.finpipe.launcher.auth;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AuthenticationRecord;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.DeviceCodeCredential;
import com.azure.identity.DeviceCodeCredentialBuilder;
import com.azure.identity.InteractiveBrowserCredential;
import com.azure.identity.InteractiveBrowserCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.TokenCachePersistenceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link TokenSource} for a {@link CredentialKind}. Interactive and device-code sign-ins keep their
 * tokens in azure-identity's persistent token cache (named {@value #CACHE_NAME}; the OS keyring, or on Linux without
 * one a plain file when {@code unencryptedCacheAllowed}) and remember the signed-in account in an
 * {@link AuthenticationRecord} file, which holds no secret; with both, the next run gets its token silently.
 */
public final class Credentials {
  private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
  public static final String SYNAPSE_SCOPE = "https://dev.azuresynapse.net/.default";
  public static final String CACHE_NAME = "finpipe-launcher";

  /**
   * @param recordDir where the sign-in records live ({@code ~/.finpipe/launcher} by default)
   * @param unencryptedCacheAllowed let the token cache fall back to a plain file where no keyring exists
   */
  public record Options(Path recordDir, boolean unencryptedCacheAllowed, PrintStream prompts) {

    public static Options defaults(PrintStream prompts) {
      return new Options(Path.of(System.getProperty("user.home"), ".finpipe", "launcher"), false, prompts);
    }
  }

  private Credentials() {}

  public static TokenSource create(CredentialKind kind, Map<String, String> env, Options options, Clock clock) {
    if (kind == CredentialKind.ENV_TOKEN) {
      return new EnvTokenSource(env);
    }
    try {
      return new CachedTokenSource(credential(kind, env, options), kind.cliName(), SYNAPSE_SCOPE, clock);
    } catch (CredentialException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CredentialException("could not set up --credential " + kind.cliName() + ": " + e.getMessage()
          + hint(kind), e);
    }
  }

  private static TokenCredential credential(CredentialKind kind, Map<String, String> env, Options options) {
    Optional<String> tenant = Optional.ofNullable(env.get("AZURE_TENANT_ID")).filter(s -> !s.isBlank());
    switch (kind) {
      case INTERACTIVE:
        return signedIn(options, "interactive", record -> {
          InteractiveBrowserCredentialBuilder builder =
              new InteractiveBrowserCredentialBuilder().tokenCachePersistenceOptions(cache(options));
          tenant.ifPresent(builder::tenantId);
          record.ifPresent(builder::authenticationRecord);
          InteractiveBrowserCredential credential = builder.build();
          return new SignIn(credential, () -> credential.authenticate(request()).block());
        });
      case DEVICE_CODE:
        return signedIn(options, "device-code", record -> {
          DeviceCodeCredentialBuilder builder = new DeviceCodeCredentialBuilder()
              .tokenCachePersistenceOptions(cache(options))
              .challengeConsumer(challenge -> options.prompts().println(challenge.getMessage()));
          tenant.ifPresent(builder::tenantId);
          record.ifPresent(builder::authenticationRecord);
          DeviceCodeCredential credential = builder.build();
          return new SignIn(credential, () -> credential.authenticate(request()).block());
        });
      case CLI:
        AzureCliCredentialBuilder cli = new AzureCliCredentialBuilder();
        tenant.ifPresent(cli::tenantId);
        return cli.build();
      case MANAGED_IDENTITY:
        ManagedIdentityCredentialBuilder managed = new ManagedIdentityCredentialBuilder();
        Optional.ofNullable(env.get("AZURE_CLIENT_ID")).filter(s -> !s.isBlank()).ifPresent(managed::clientId);
        return managed.build();
      case CLIENT_SECRET:
        List<String> missing = List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET").stream()
            .filter(name -> env.get(name) == null || env.get(name).isBlank())
            .toList();
        if (!missing.isEmpty()) {
          throw new CredentialException("--credential client-secret needs " + String.join(", ", missing)
              + " in the environment");
        }
        return new ClientSecretCredentialBuilder()
            .tenantId(env.get("AZURE_TENANT_ID"))
            .clientId(env.get("AZURE_CLIENT_ID"))
            .clientSecret(env.get("AZURE_CLIENT_SECRET"))
            .build();
      case DEFAULT:
        return new DefaultAzureCredentialBuilder().build();
      default:
        throw new IllegalStateException("no builder for " + kind);
    }
  }

  /** A credential built with or without a remembered account, and how to sign in when there is none. */
  private record SignIn(TokenCredential credential, Supplier<AuthenticationRecord> signIn) {}

  /**
   * Uses the account remembered in {@code <recordDir>/<name>-auth-record.json} when there is one (silent), and
   * otherwise signs in now, before any step starts, and remembers the account for next time.
   */
  private static TokenCredential signedIn(Options options, String name,
      Function<Optional<AuthenticationRecord>, SignIn> build) {
    Path file = options.recordDir().resolve(name + "-auth-record.json");
    Optional<AuthenticationRecord> remembered = readRecord(file);
    SignIn signIn = build.apply(remembered);
    if (remembered.isEmpty()) {
      AuthenticationRecord record = signIn.signIn().get();
      writeRecord(file, record);
    }
    return signIn.credential();
  }

  private static Optional<AuthenticationRecord> readRecord(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(AuthenticationRecord.deserialize(in));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring the unreadable sign-in record {} ({}); signing in again", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static void writeRecord(Path file, AuthenticationRecord record) {
    if (record == null) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        record.serialize(out);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("Remembered the signed-in account in {}; the next run signs in silently", file);
    } catch (IOException e) {
      LOG.warn("Could not remember the signed-in account in {} ({}); the next run will ask again", file,
          e.getMessage());
    }
  }

  private static TokenCachePersistenceOptions cache(Options options) {
    return new TokenCachePersistenceOptions()
        .setName(CACHE_NAME)
        .setUnencryptedStorageAllowed(options.unencryptedCacheAllowed());
  }

  private static TokenRequestContext request() {
    return new TokenRequestContext().addScopes(SYNAPSE_SCOPE);
  }

  private static String hint(CredentialKind kind) {
    if (kind == CredentialKind.INTERACTIVE || kind == CredentialKind.DEVICE_CODE) {
      return " (on Linux without a keyring, add --token-cache-unencrypted to keep the token cache in a file)";
    }
    return "";
  }
}
