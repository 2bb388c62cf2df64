package dev.finpipe.launcher.auth;

/** Gives the bearer token for the next Synapse request. Implementations cache and refresh; none logs a token. */
public interface TokenSource {

  /** The token, without the {@code Bearer } prefix. Throws {@link CredentialException} when none can be had. */
  String bearerToken();
}
