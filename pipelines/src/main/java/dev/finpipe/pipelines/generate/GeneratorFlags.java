package dev.finpipe.pipelines.generate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The generators' flags, shared by {@link GenerateTransactions}, {@link GenerateChanges} and the Kafka producer (a
 * picocli mixin). The same {@code --seed} and {@code --users} give the same users and accounts in every domain.
 */
public final class GeneratorFlags {
  @Option(names = "--seed", defaultValue = "" + GeneratorSettings.DEFAULT_SEED,
      description = "Random seed; the same seed and flags give the same lines (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--users", defaultValue = "" + GeneratorSettings.DEFAULT_USERS,
      description = "Number of users, each with 1-3 accounts (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--days", defaultValue = "" + GeneratorSettings.DEFAULT_DAYS,
      description = "Event times span this many days, ending at --end (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--end", converter = InstantConverter.class,
      description = "End of the event-time window, ISO-8601 such as 2026-11-22T00:00:00Z (default: now, to the second).")
  Instant end;

  @Option(names = "--duplicateRate", defaultValue = "" + GeneratorSettings.DEFAULT_DUPLICATE_RATE,
      description = "Share of lines that repeat an earlier event exactly, 0..1 (default: ${DEFAULT-VALUE}).")
  double duplicateRate;

  @Option(names = "--invalidRate", defaultValue = "" + GeneratorSettings.DEFAULT_INVALID_RATE,
      description = "Share of bad records, every kind in turn, 0..1 (default: ${DEFAULT-VALUE}).")
  double invalidRate;

  @Option(names = "--lateRate", defaultValue = "" + GeneratorSettings.DEFAULT_LATE_RATE,
      description = "Transactions only: share of events 3-6 days older than the window start, 0..1 "
          + "(default: ${DEFAULT-VALUE}).")
  double lateRate;

  @Option(names = "--outOfOrderRate", defaultValue = "" + GeneratorSettings.DEFAULT_OUT_OF_ORDER_RATE,
      description = "Transactions only (change records are all shuffled): share of events swapped with a nearby "
          + "later one, 0..1 (default: ${DEFAULT-VALUE}).")
  double outOfOrderRate;

  /**
   * The settings for {@code count} lines (0: unbounded).
   *
   * @throws ParameterException naming the flag that is out of range (picocli exits with 2)
   */
  public GeneratorSettings toSettings(long count, CommandSpec spec) {
    GeneratorSettings.Builder builder = GeneratorSettings.builder()
        .setCount(count)
        .setSeed(seed)
        .setUsers(users)
        .setDays(days)
        .setDuplicateRate(duplicateRate)
        .setInvalidRate(invalidRate)
        .setLateRate(lateRate)
        .setOutOfOrderRate(outOfOrderRate);
    if (end != null) {
      builder.setEnd(end);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * The lines of {@code domain}: {@code count} transactions (0: unbounded), or the change records of customers or
   * accounts ({@code count} > 0: the first that many).
   *
   * @throws ParameterException naming the flag that is out of range, or a transactions-only flag given for another
   *     domain (picocli exits with 2)
   */
  public LineSource lines(GeneratedDomain domain, long count, CommandSpec spec) {
    GeneratorSettings settings = toSettings(count, spec);
    if (domain == GeneratedDomain.TRANSACTIONS) {
      return TransactionGenerator.create(settings);
    }
    for (String flag : new String[] {"--lateRate", "--outOfOrderRate"}) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        throw new ParameterException(spec.commandLine(), flag + " applies to transactions only; "
            + domain.id() + " change records are all shuffled and have no late events: leave it out");
      }
    }
    try {
      return ChangeGenerator.create(settings, domain);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Parses an ISO-8601 instant, with an error that shows the expected form. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an ISO-8601 instant; expected a form such as 2026-11-22T00:00:00Z");
      }
    }
  }
}
