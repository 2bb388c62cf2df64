package dev.finpipe.pipelines.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An injected incident episode: the minutes (offsets from the span's start) in which one service breaches one
 * default rule, {@code firstMinute} to {@code lastMinute}, except a healthy gap {@code gapFirst..gapLast} inside
 * (none when -1); from {@code lateFrom} on (none when -1) the lines that make it breach arrive in the next file.
 * Outside its episodes a service's data never breaches a default rule.
 */
public record OpsEpisode(String id, Kind kind, String service, @Nullable String host, int firstMinute, int lastMinute,
    int gapFirst, int gapLast, int lateFrom, String note) {

  /** What breaches, and the rule that sees it. */
  public enum Kind {
    ERROR_BURST("error_ratio_high"),
    LATENCY_SPIKE("latency_p99_high"),
    CPU_SATURATION("cpu_saturated"),
    DISK_FULL("disk_full");

    public final String rule;

    Kind(String rule) {
      this.rule = rule;
    }
  }

  public IncidentRule rule() {
    return IncidentRule.named(kind.rule);
  }

  /** Whether the episode makes minute {@code offset} breach (for a disk episode: on its host). */
  public boolean breaches(int offset) {
    return offset >= firstMinute && offset <= lastMinute && !(gapFirst >= 0 && offset >= gapFirst && offset <= gapLast);
  }

  public boolean isLate(int offset) {
    return lateFrom >= 0 && offset >= lateFrom && breaches(offset);
  }

  /**
   * The episodes of a run, placed by {@code random} among {@code services} within the settings' span: an error burst
   * whose last two minutes' errors arrive in the next file; a latency spike with a healthy gap shorter than the
   * rule's M; an error blip one minute shorter than N (no incident); a CPU saturation crossing the boundary between
   * the first two files; an error burst in the last file; a full disk still open at the end. Episodes of the same
   * rule are at least N + M minutes apart, so each gives at most one incident.
   */
  static List<OpsEpisode> script(OpsSettings settings, List<String> services, List<List<String>> hosts,
      SplittableRandom random) {
    int boundary = settings.firstMinuteOf(1);
    int lastFile = settings.firstMinuteOf(settings.batches() - 1);
    int end = settings.minutes() - 1;
    List<OpsEpisode> episodes = new ArrayList<>();
    int first = 5 + random.nextInt(6);
    int last = first + 4 + random.nextInt(4);
    episodes.add(new OpsEpisode("E1", Kind.ERROR_BURST, pick(services, random), null, first, last, -1, -1, last - 1,
        "the errors of its last 2 minutes arrive in the next file: they extend the incident"));
    first = 8 + random.nextInt(6);
    int gapFirst = first + 3 + random.nextInt(3);
    int gapLast = gapFirst + random.nextInt(4);
    last = gapLast + 2 + random.nextInt(3);
    episodes.add(new OpsEpisode("E2", Kind.LATENCY_SPIKE, pick(services, random), null, first, last, gapFirst,
        gapLast, -1, "a healthy gap of " + (gapLast - gapFirst + 1) + " minutes inside, shorter than M: one incident"));
    first = boundary - 12;
    episodes.add(new OpsEpisode("E3", Kind.ERROR_BURST, pick(services, random), null, first, first + 1, -1, -1, -1,
        "2 breaching minutes, one fewer than N: no incident"));
    first = boundary - 2 - random.nextInt(3);
    last = first + 6 + random.nextInt(6);
    episodes.add(new OpsEpisode("E4", Kind.CPU_SATURATION, pick(services, random), null, first, last, -1, -1, -1,
        "crosses the boundary between the first two files: detected only with the second"));
    first = lastFile + 10 + random.nextInt(5);
    last = first + 2 + random.nextInt(4);
    episodes.add(new OpsEpisode("E5", Kind.ERROR_BURST, pick(services, random), null, first, last, -1, -1, -1,
        "in the last file; " + (last - first + 1) + " breaching minutes"));
    int disk = random.nextInt(services.size());
    List<String> diskHosts = hosts.get(disk);
    first = end - 2 - random.nextInt(4);
    episodes.add(new OpsEpisode("E6", Kind.DISK_FULL, services.get(disk),
        diskHosts.get(random.nextInt(diskHosts.size())), first, end, -1, -1, -1,
        "breaches to the end of the span: still open"));
    return episodes;
  }

  private static String pick(List<String> services, SplittableRandom random) {
    return services.get(random.nextInt(services.size()));
  }
}
