package dev.finpipe.pipelines.generate;

import com.google.auto.value.AutoValue;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What {@link TransactionGenerator} produces. Rates are fractions of all lines written; the same settings (seed
 * included) always give the same lines, except that an unbounded run ({@code count == 0}) stamps events with the
 * clock's time.
 */
@AutoValue
public abstract class GeneratorSettings {
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_USERS = 5_000;
  public static final int DEFAULT_DAYS = 3;
  public static final double DEFAULT_DUPLICATE_RATE = 0.02;
  public static final double DEFAULT_INVALID_RATE = 0.01;
  public static final double DEFAULT_LATE_RATE = 0.0;
  public static final double DEFAULT_OUT_OF_ORDER_RATE = 0.05;

  /** Lines to produce; 0 means unbounded (live event times from {@link #clock()}). */
  public abstract long count();

  public abstract long seed();

  public abstract int users();

  /** Event times of a bounded run are spread over this many days ending at {@link #end()}. */
  public abstract int days();

  /** The end of the event-time window (a bounded run's events are all before it). */
  public abstract Instant end();

  public abstract double duplicateRate();

  public abstract double invalidRate();

  public abstract double lateRate();

  public abstract double outOfOrderRate();

  /** The default end (now, to the second) and the event times of an unbounded run. */
  public abstract Clock clock();

  public Instant windowStart() {
    return end().minus(days(), ChronoUnit.DAYS);
  }

  public boolean isUnbounded() {
    return count() == 0;
  }

  public static Builder builder() {
    return new AutoValue_GeneratorSettings.Builder()
        .setCount(10_000)
        .setSeed(DEFAULT_SEED)
        .setUsers(DEFAULT_USERS)
        .setDays(DEFAULT_DAYS)
        .setDuplicateRate(DEFAULT_DUPLICATE_RATE)
        .setInvalidRate(DEFAULT_INVALID_RATE)
        .setLateRate(DEFAULT_LATE_RATE)
        .setOutOfOrderRate(DEFAULT_OUT_OF_ORDER_RATE)
        .setClock(Clock.systemUTC());
  }

  public abstract Builder toBuilder();

  /** Builder for {@link GeneratorSettings}; {@link #build()} names the setting that is out of range. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setCount(long count);

    public abstract Builder setSeed(long seed);

    public abstract Builder setUsers(int users);

    public abstract Builder setDays(int days);

    /** Unset: now (from the clock), truncated to the second. */
    public abstract Builder setEnd(Instant end);

    public abstract Builder setDuplicateRate(double rate);

    public abstract Builder setInvalidRate(double rate);

    public abstract Builder setLateRate(double rate);

    public abstract Builder setOutOfOrderRate(double rate);

    public abstract Builder setClock(Clock clock);

    abstract Optional<Instant> end();

    abstract Clock clock();

    abstract GeneratorSettings autoBuild();

    /** @throws IllegalArgumentException naming the setting (as its command-line flag) that is out of range */
    public GeneratorSettings build() {
      if (end().isEmpty()) {
        setEnd(clock().instant().truncatedTo(ChronoUnit.SECONDS));
      }
      GeneratorSettings s = autoBuild();
      check(s.count() >= 0, "count", s.count(), "a whole number >= 0");
      check(s.users() >= 1, "users", s.users(), "a whole number >= 1");
      check(s.days() >= 1, "days", s.days(), "a whole number of days >= 1");
      checkRate("duplicateRate", s.duplicateRate());
      checkRate("invalidRate", s.invalidRate());
      checkRate("lateRate", s.lateRate());
      checkRate("outOfOrderRate", s.outOfOrderRate());
      double sum = s.duplicateRate() + s.invalidRate() + s.lateRate();
      if (sum > 1.0 + 1e-9) {
        throw new IllegalArgumentException(
            "--duplicateRate + --invalidRate + --lateRate is " + sum + "; expected at most 1 (they are shares of all lines)");
      }
      return s;
    }

    private static void checkRate(String flag, double rate) {
      check(rate >= 0 && rate <= 1, flag, rate, "a number between 0 and 1, e.g. 0.02");
    }

    private static void check(boolean ok, String flag, Object value, String expected) {
      if (!ok) {
        throw new IllegalArgumentException("--" + flag + " is " + value + "; expected " + expected);
      }
    }
  }
}
