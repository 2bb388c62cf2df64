package dev.finpipe.launcher.auth;

import java.util.Map;

/**
 * A bearer token handed in through {@code AZURE_ACCESS_TOKEN} (CI that already holds one, e.g. from
 * {@code az account get-access-token --resource https://dev.azuresynapse.net}, and the emulator). The launcher
 * cannot refresh it, so a run longer than the token's life fails with HTTP 401 and says so.
 */
public final class EnvTokenSource implements TokenSource {
  public static final String VARIABLE = "AZURE_ACCESS_TOKEN";

  private final String token;

  public EnvTokenSource(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value == null || value.isBlank()) {
      throw new CredentialException("--credential env-token needs a bearer token in " + VARIABLE
          + ", which is not set (or empty)");
    }
    this.token = value.trim();
  }

  @Override
  public String bearerToken() {
    return token;
  }
}
