package dev.finpipe.pipelines.generate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.NoSuchElementException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The generators' flags, shared by {@link GenerateTransactions}, {@link GenerateChanges}, {@link GenerateOps} and the
 * Kafka producer (a picocli mixin). The same {@code --seed} and {@code --users} give the same users and accounts in
 * every banking domain; the same {@code --seed}, {@code --services}, {@code --minutes}, {@code --batches} and
 * {@code --end} the same services, episodes and span in both operations domains.
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
      description = "Transactions: share of events 3-6 days older than the window start, 0..1 "
          + "(default: ${DEFAULT-VALUE}); app_logs, infra_metrics: share of a file's baseline lines held back to the "
          + "next file, 0..0.2 (default: " + OpsSettings.DEFAULT_LATE_RATE + ").")
  double lateRate;

  @Option(names = "--outOfOrderRate", defaultValue = "" + GeneratorSettings.DEFAULT_OUT_OF_ORDER_RATE,
      description = "Transactions only (change records are all shuffled): share of events swapped with a nearby "
          + "later one, 0..1 (default: ${DEFAULT-VALUE}).")
  double outOfOrderRate;

  @Option(names = "--services", defaultValue = "" + OpsSettings.DEFAULT_SERVICES,
      description = "app_logs, infra_metrics: number of services, each with " + OpsGenerator.HOSTS_PER_SERVICE
          + " hosts, 1.." + OpsSettings.MAX_SERVICES + " (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--minutes", defaultValue = "" + OpsSettings.DEFAULT_MINUTES,
      description = "app_logs, infra_metrics: the span in minutes, ending at --end (there: default the start of "
          + "today, UTC), at least " + OpsSettings.MIN_MINUTES_PER_BATCH + " per file (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--batches", defaultValue = "" + OpsSettings.DEFAULT_BATCHES,
      description = "app_logs, infra_metrics: files of consecutive, equal time spans, >= 2 (default: ${DEFAULT-VALUE}).")
  int batches;

  @Option(names = "--episodes", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "app_logs, infra_metrics: inject the scripted incident episodes; --no-episodes writes baseline "
          + "traffic only, which breaches no default rule (default: ${DEFAULT-VALUE}).")
  boolean episodes;

  private static final String[] BANKING_ONLY = {"--users", "--days", "--outOfOrderRate"};
  private static final String[] OPS_ONLY = {"--services", "--minutes", "--batches", "--episodes"};

  /**
   * The settings for {@code count} lines (0: unbounded).
   *
   * @throws ParameterException naming the flag that is out of range, or a flag of the operations domains (picocli
   *     exits with 2)
   */
  public GeneratorSettings toSettings(long count, CommandSpec spec) {
    for (String flag : OPS_ONLY) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        throw new ParameterException(spec.commandLine(), flag
            + " applies to app_logs and infra_metrics only; leave it out for transactions, customers and accounts");
      }
    }
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
    if (domain.isOps()) {
      return firstOf(OpsGenerator.create(toOpsSettings(domain, spec)).lines(domain), count);
    }
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

  /**
   * The settings of an operations domain: without {@code --end}, the span ends at the start of today (UTC), so the
   * two domains generated on the same day line up; without {@code --lateRate}, {@link OpsSettings#DEFAULT_LATE_RATE}.
   *
   * @throws ParameterException naming the flag that is out of range, or a flag of the banking domains
   */
  public OpsSettings toOpsSettings(GeneratedDomain domain, CommandSpec spec) {
    refuse(BANKING_ONLY, "does not apply to operations data (--services, --minutes, --batches shape it)", domain, spec);
    boolean lateGiven = spec.commandLine().getParseResult().hasMatchedOption("--lateRate");
    Instant spanEnd = end != null ? end : Instant.now().truncatedTo(ChronoUnit.DAYS);
    try {
      return new OpsSettings(seed, services, minutes, batches, spanEnd, duplicateRate, invalidRate,
          lateGiven ? lateRate : OpsSettings.DEFAULT_LATE_RATE, episodes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static void refuse(String[] flags, String why, GeneratedDomain domain, CommandSpec spec) {
    for (String flag : flags) {
      if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
        throw new ParameterException(spec.commandLine(), flag + " " + why + "; leave it out for " + domain.id());
      }
    }
  }

  /** The first {@code count} lines of {@code lines} (0: all). */
  private static LineSource firstOf(LineSource lines, long count) {
    if (count == 0) {
      return lines;
    }
    return new LineSource() {
      private long yielded;

      @Override
      public GeneratorStats stats() {
        return lines.stats();
      }

      @Override
      public boolean hasNext() {
        return yielded < count && lines.hasNext();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the first " + count + " lines were generated");
        }
        yielded++;
        return lines.next();
      }
    };
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
