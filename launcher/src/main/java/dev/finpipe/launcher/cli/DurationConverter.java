package dev.finpipe.launcher.cli;

import dev.finpipe.launcher.plan.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} from the command line. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
