package dev.finpipe.pipelines.generate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What {@link OpsGenerator} produces: {@code services} services with {@link OpsGenerator#HOSTS_PER_SERVICE} hosts
 * each, over the {@code minutes} minutes ending at {@code end} (a whole minute), cut into {@code batches} files of
 * consecutive, equally long time spans. Rates are shares of all lines, as for the other generators; {@code lateRate}
 * is the share of a file's baseline lines held back to the next file. The same settings always give the same lines.
 */
public record OpsSettings(long seed, int services, int minutes, int batches, Instant end, double duplicateRate,
    double invalidRate, double lateRate, boolean episodes) {
  public static final int DEFAULT_SERVICES = 3;
  public static final int DEFAULT_MINUTES = 180;
  public static final int DEFAULT_BATCHES = 2;
  public static final double DEFAULT_LATE_RATE = 0.01;
  /** Room each file's span needs for the scripted episodes (see {@link OpsEpisode#script}). */
  public static final int MIN_MINUTES_PER_BATCH = 40;
  public static final int MAX_SERVICES = 50;

  /** @throws IllegalArgumentException naming the setting (as its command-line flag) that is out of range */
  public OpsSettings {
    check(services >= 1 && services <= MAX_SERVICES, "services", services, "a whole number from 1 to " + MAX_SERVICES);
    check(batches >= 2, "batches", batches,
        "a whole number >= 2 (an episode crosses the boundary between two files)");
    check(minutes >= MIN_MINUTES_PER_BATCH * batches, "minutes", minutes,
        "at least " + MIN_MINUTES_PER_BATCH + " per file (--batches=" + batches + "): "
            + MIN_MINUTES_PER_BATCH * batches + " or more");
    check(end.equals(end.truncatedTo(ChronoUnit.MINUTES)), "end", end,
        "a whole minute such as 2026-11-22T00:00:00Z (the span is cut into minutes)");
    checkRate("duplicateRate", duplicateRate);
    checkRate("invalidRate", invalidRate);
    checkRate("lateRate", lateRate);
  }

  public Instant start() {
    return end.minus(minutes, ChronoUnit.MINUTES);
  }

  /** The first minute (offset from the start) of each file's span; file {@code k} is {@code [first(k), first(k+1))}. */
  public int firstMinuteOf(int batch) {
    return (int) ((long) minutes * batch / batches);
  }

  /** The file (0-based) whose span holds the minute at {@code offset} from the start. */
  public int batchOf(int offset) {
    int batch = 0;
    while (batch + 1 < batches && offset >= firstMinuteOf(batch + 1)) {
      batch++;
    }
    return batch;
  }

  private static void checkRate(String flag, double rate) {
    check(rate >= 0 && rate <= 0.2, flag, rate, "a number from 0 to 0.2 for operations data, e.g. 0.02");
  }

  private static void check(boolean ok, String flag, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("--" + flag + " is " + value + "; expected " + expected);
    }
  }
}
