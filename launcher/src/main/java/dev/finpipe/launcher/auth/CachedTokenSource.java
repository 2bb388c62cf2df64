package dev.finpipe.launcher.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens from an azure-identity credential, kept until five minutes before they expire. Runs of a Synapse plan last
 * hours while a token lives about one, so the launcher asks again well before expiry rather than after a 401.
 */
public final class CachedTokenSource implements TokenSource {
  private static final Logger LOG = LoggerFactory.getLogger(CachedTokenSource.class);
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private final TokenCredential credential;
  private final String credentialName;
  private final TokenRequestContext request;
  private final Clock clock;
  private AccessToken current;

  public CachedTokenSource(TokenCredential credential, String credentialName, String scope, Clock clock) {
    this.credential = credential;
    this.credentialName = credentialName;
    this.request = new TokenRequestContext().addScopes(scope);
    this.clock = clock;
  }

  @Override
  public synchronized String bearerToken() {
    if (current == null || expiresWithinMargin(current)) {
      AccessToken fresh;
      try {
        fresh = credential.getTokenSync(request);
      } catch (RuntimeException e) {
        throw new CredentialException("could not get a token with --credential " + credentialName + ": "
            + e.getMessage(), e);
      }
      if (fresh == null || fresh.getToken() == null) {
        throw new CredentialException("--credential " + credentialName + " returned no token");
      }
      current = fresh;
      LOG.info("Got a token from credential '{}', valid until {}", credentialName, fresh.getExpiresAt());
    }
    return current.getToken();
  }

  private boolean expiresWithinMargin(AccessToken token) {
    Instant refreshAt = token.getExpiresAt().toInstant().minus(REFRESH_MARGIN);
    return !clock.instant().isBefore(refreshAt);
  }
}
