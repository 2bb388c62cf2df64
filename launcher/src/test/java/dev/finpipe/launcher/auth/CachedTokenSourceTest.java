package dev.finpipe.launcher.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import reactor.core.publisher.Mono;

public class CachedTokenSourceTest {
  private static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");

  /** Hands out token-1, token-2, ... each valid for an hour from the clock's now; records the scopes asked. */
  private static final class CountingCredential implements TokenCredential {
    final List<List<String>> scopes = new ArrayList<>();
    final MovableClock clock;

    CountingCredential(MovableClock clock) {
      this.clock = clock;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
      scopes.add(request.getScopes());
      return Mono.just(new AccessToken("token-" + scopes.size(),
          clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)));
    }
  }

  private static final class MovableClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  public void tokenIsReusedUntilFiveMinutesBeforeExpiryThenRefreshed() {
    MovableClock clock = new MovableClock();
    CountingCredential credential = new CountingCredential(clock);
    CachedTokenSource tokens = new CachedTokenSource(credential, "cli", Credentials.SYNAPSE_SCOPE, clock);

    assertThat(tokens.bearerToken(), equalTo("token-1"));
    clock.now = T0.plus(Duration.ofMinutes(54)).plusSeconds(59);
    assertThat(tokens.bearerToken(), equalTo("token-1"));
    clock.now = T0.plus(Duration.ofMinutes(55));
    assertThat(tokens.bearerToken(), equalTo("token-2"));
    assertThat(tokens.bearerToken(), equalTo("token-2"));
    assertThat(credential.scopes, equalTo(List.of(List.of("https://dev.azuresynapse.net/.default"),
        List.of("https://dev.azuresynapse.net/.default"))));
  }

  @Test
  public void credentialFailureIsACredentialExceptionNamingTheKind() {
    TokenCredential broken = request -> Mono.error(new IllegalStateException("AADSTS700016: app not found"));
    CachedTokenSource tokens = new CachedTokenSource(broken, "managed-identity", Credentials.SYNAPSE_SCOPE,
        Clock.systemUTC());

    CredentialException e = assertThrows(CredentialException.class, tokens::bearerToken);
    assertThat(e.getMessage(), equalTo(
        "could not get a token with --credential managed-identity: AADSTS700016: app not found"));
  }

  @Test
  public void envTokenNeedsTheVariable() {
    assertThat(new EnvTokenSource(Map.of("AZURE_ACCESS_TOKEN", " abc.def ")).bearerToken(), equalTo("abc.def"));
    CredentialException e = assertThrows(CredentialException.class, () -> new EnvTokenSource(Map.of()));
    assertThat(e.getMessage(), equalTo(
        "--credential env-token needs a bearer token in AZURE_ACCESS_TOKEN, which is not set (or empty)"));
    assertThrows(CredentialException.class, () -> new EnvTokenSource(Map.of("AZURE_ACCESS_TOKEN", "  ")));
  }

  @Test
  public void clientSecretNamesTheMissingVariables() {
    CredentialException e = assertThrows(CredentialException.class, () -> Credentials.create(
        CredentialKind.CLIENT_SECRET, Map.of("AZURE_CLIENT_ID", "app"), Credentials.Options.defaults(System.err),
        Clock.systemUTC()));
    assertThat(e.getMessage(), equalTo(
        "--credential client-secret needs AZURE_TENANT_ID, AZURE_CLIENT_SECRET in the environment"));
    assertThat(e.getMessage(), not(containsString("app")));
  }

  @Test
  public void kindsHaveTheirCommandLineNames() {
    assertThat(CredentialKind.names(),
        equalTo("interactive, device-code, cli, managed-identity, client-secret, default, env-token"));
    assertThat(CredentialKind.fromCliName("device-code"), equalTo(CredentialKind.DEVICE_CODE));
  }
}
