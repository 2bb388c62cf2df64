package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.auth.CredentialKind;
import picocli.CommandLine;

/** Reads {@code --credential} by its kebab-case name ({@code device-code}, {@code env-token}, ...). */
public final class CredentialKindConverter implements CommandLine.ITypeConverter<CredentialKind> {
  @Override
  public CredentialKind convert(String value) {
    try {
      return CredentialKind.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
