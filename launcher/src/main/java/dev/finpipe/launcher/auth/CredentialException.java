package dev.finpipe.launcher.auth;

/** No token could be obtained: the message says which credential and what to check, never the token. */
public final class CredentialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CredentialException(String message) {
    super(message);
  }

  public CredentialException(String message, Throwable cause) {
    super(message, cause);
  }
}
