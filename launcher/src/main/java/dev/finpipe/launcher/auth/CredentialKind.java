package dev.finpipe.launcher.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The ways the launcher can authenticate, by their command-line names. */
public enum CredentialKind {
  /** A browser sign-in, remembered in a persistent token cache so the next run is silent (the seed's default). */
  INTERACTIVE("interactive"),
  /** A code to enter on another device: for machines without a browser. */
  DEVICE_CODE("device-code"),
  /** Whatever {@code az login} holds. */
  CLI("cli"),
  /** The managed identity of the Azure VM, container or function this runs on. */
  MANAGED_IDENTITY("managed-identity"),
  /** A service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. */
  CLIENT_SECRET("client-secret"),
  /** azure-identity's DefaultAzureCredential chain. */
  DEFAULT("default"),
  /** A ready bearer token in AZURE_ACCESS_TOKEN: CI and the emulator. */
  ENV_TOKEN("env-token");

  private final String cliName;

  CredentialKind(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static CredentialKind fromCliName(String name) {
    return Arrays.stream(values())
        .filter(k -> k.cliName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a credential kind; use one of: "
            + names()));
  }

  public static String names() {
    return Arrays.stream(values()).map(CredentialKind::cliName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
