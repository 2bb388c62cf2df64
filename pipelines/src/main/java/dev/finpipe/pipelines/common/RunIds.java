package dev.finpipe.pipelines.common;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Run ids name every file a run writes: sortable by start time, unique across machines. */
public final class RunIds {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  /** A run id such as {@code silver-20261122T201503Z-3fa9c1}; the stage prefix lets a stage clean up its own orphans. */
  public static String next(String stage) {
    return stage + "-" + FORMAT.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
  }
}
