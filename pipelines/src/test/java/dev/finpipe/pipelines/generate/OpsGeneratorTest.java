package dev.finpipe.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import dev.finpipe.pipelines.generate.OpsGenerator.Slot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.Test;

/**
 * The ops generator: seeded, every kind of bad record refused by the domain's real reader or rules and nothing else,
 * a baseline that breaches no default rule, and episodes that breach exactly in their scripted minutes.
 */
public class OpsGeneratorTest {
  static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
  private static final List<GeneratedDomain> OPS = List.of(GeneratedDomain.APP_LOGS, GeneratedDomain.INFRA_METRICS);

  static OpsSettings settings(long seed, int services, int minutes, int batches, boolean episodes) {
    return new OpsSettings(seed, services, minutes, batches, END, 0.02, 0.01, 0.02, episodes);
  }

  @Test
  public void theSameSettingsGiveTheSameFilesAndAnotherSeedOthers() {
    OpsGenerator a = OpsGenerator.create(settings(7, 3, 120, 2, true));
    OpsGenerator b = OpsGenerator.create(settings(7, 3, 120, 2, true));
    OpsGenerator c = OpsGenerator.create(settings(8, 3, 120, 2, true));
    for (GeneratedDomain domain : OPS) {
      assertEquals(a.files(domain), b.files(domain));
      assertNotEquals(a.files(domain), c.files(domain));
      List<String> all = new ArrayList<>();
      a.files(domain).forEach(all::addAll);
      List<String> sent = new ArrayList<>();
      a.lines(domain).forEachRemaining(sent::add);
      assertEquals("the producer's lines are the files' in order", all, sent);
    }
    assertEquals(a.episodes(), b.episodes());
    assertNotEquals(a.episodes(), c.episodes());
  }

  @Test
  public void everyBadRecordBreaksExactlyItsRuleAndEveryOtherLineIsKept() {
    OpsGenerator ops = OpsGenerator.create(settings(3, 2, 100, 2, true));
    for (GeneratedDomain domain : OPS) {
      Map<InvalidKind, Integer> seen = new EnumMap<>(InvalidKind.class);
      long duplicates = 0;
      long heldBack = 0;
      for (List<Slot> file : ops.slots(domain)) {
        for (Slot slot : file) {
          OpsLines.Read read = OpsLines.read(domain, slot.line());
          if (slot.kind() == LineKind.INVALID) {
            seen.merge(slot.invalidKind(), 1, Integer::sum);
            assertEquals(slot.line(), 1, read.refusals().size());
            assertThat(slot.invalidKind() + ": " + slot.line(), expectedRefusals(slot.invalidKind()),
                hasItem(read.refusals().get(0)));
          } else {
            assertEquals(slot.line(), List.of(), read.refusals());
            duplicates += slot.kind() == LineKind.DUPLICATE ? 1 : 0;
            heldBack += slot.late() ? 1 : 0;
          }
        }
      }
      assertEquals(domain.id(), Set.copyOf(domain.invalidKinds()), seen.keySet());
      assertThat(duplicates, greaterThan(0L));
      assertThat(heldBack, greaterThan(0L));
    }
  }

  /** The reader's reason or the rule each kind of bad ops record is meant to meet (BLANK_NAME: either name). */
  private static Set<String> expectedRefusals(InvalidKind kind) {
    return switch (kind) {
      case MALFORMED_JSON, BLANK_LINE -> Set.of("MALFORMED_JSON");
      case NOT_AN_OBJECT -> Set.of("NOT_AN_OBJECT");
      case MISSING_REQUIRED_FIELD -> Set.of("MISSING_FIELD");
      case MEASURE_WRONG_TYPE -> Set.of("WRONG_TYPE");
      case VALUE_TOO_LARGE -> Set.of("BAD_AMOUNT");
      case EVENT_TIME_UNPARSEABLE -> Set.of("BAD_EVENT_TIME");
      case EVENT_TIME_FUTURE -> Set.of("timestamp_not_future");
      case BLANK_NAME -> Set.of("service_present", "host_present");
      case UNKNOWN_LEVEL -> Set.of("level_known");
      case BAD_LOG_ID -> Set.of("log_id_format");
      case HTTP_STATUS_OUT_OF_RANGE -> Set.of("http_status_range");
      case LATENCY_NEGATIVE -> Set.of("latency_non_negative");
      case UNKNOWN_METRIC -> Set.of("metric_known");
      case PCT_OUT_OF_RANGE -> Set.of("pct_range");
      case ERROR_RATE_OUT_OF_RANGE -> Set.of("error_rate_range");
      case UNIT_MISMATCH -> Set.of("unit_matches_metric");
      default -> throw new IllegalArgumentException(kind + " is not a kind of bad ops record");
    };
  }

  @Test
  public void baselineAloneBreachesNoDefaultRuleInAnyPrefixOfTheFiles() {
    for (long seed : new long[] {1, 2, 3}) {
      OpsSettings settings = settings(seed, 4, 120, 3, false);
      OpsGenerator ops = OpsGenerator.create(settings);
      assertThat(ops.episodes(), empty());
      for (int files = 1; files <= settings.batches(); files++) {
        Map<String, TreeMap<Instant, OpsLines.Minute>> logs =
            OpsLines.minutes(GeneratedDomain.APP_LOGS, ops.files(GeneratedDomain.APP_LOGS).subList(0, files));
        Map<String, TreeMap<Instant, OpsLines.Minute>> metrics = OpsLines.minutes(GeneratedDomain.INFRA_METRICS,
            ops.files(GeneratedDomain.INFRA_METRICS).subList(0, files));
        boolean all = files == settings.batches();
        int minutes = all ? settings.minutes() : settings.firstMinuteOf(files);
        assertEquals(Set.copyOf(ops.services()), logs.keySet());
        for (String service : ops.services()) {
          // A row every minute of the span so far, in both domains: the horizon is the span's last minute.
          assertEquals(minutes, logs.get(service).size());
          assertEquals(minutes, metrics.get(service).size());
          logs.get(service).forEach((minute, m) -> {
            String where = service + " " + minute;
            assertThat(where, m.errors, lessThanOrEqualTo((long) Math.floor(0.04 * m.lines)));
            assertThat(where, m.errorRatio(), lessThan(0.05));
            assertThat(where, m.p99(), lessThan(1000.0));
          });
          metrics.get(service).forEach((minute, m) -> {
            String where = service + " " + minute;
            assertThat(where, m.avg("cpu_pct"), lessThan(90.0));
            assertThat(where, m.max("disk_pct"), lessThan(95.0));
            if (all) { // every sample of 2 hosts every 15 s (before the last file, some are held back)
              assertEquals(where, (Integer) (2 * 4), (Integer) m.metrics.get("cpu_pct").size());
            }
          });
        }
        assertThat(OpsLines.incidents(logs, OpsGenerator.rulesOf(GeneratedDomain.APP_LOGS)), empty());
        assertThat(OpsLines.incidents(metrics, OpsGenerator.rulesOf(GeneratedDomain.INFRA_METRICS)), empty());
        assertThat(ops.expectedIncidents(GeneratedDomain.APP_LOGS, files - 1), empty());
        assertThat(ops.expectedIncidents(GeneratedDomain.INFRA_METRICS, files - 1), empty());
      }
    }
  }

  @Test
  public void minutesBreachExactlyWhereTheEpisodesSayAndOnlyThere() {
    for (OpsSettings settings : List.of(settings(42, 3, 180, 2, true), settings(5, 1, 160, 4, true),
        settings(11, 6, 90, 2, true))) {
      OpsGenerator ops = OpsGenerator.create(settings);
      assertEquals(6, ops.episodes().size());
      for (GeneratedDomain domain : OPS) {
        for (int files = 1; files <= settings.batches(); files++) {
          int seenMinutes = files == settings.batches() ? settings.minutes() : settings.firstMinuteOf(files);
          Map<String, TreeMap<Instant, OpsLines.Minute>> minutes =
              OpsLines.minutes(domain, ops.files(domain).subList(0, files));
          for (String service : ops.services()) {
            for (IncidentRule rule : OpsGenerator.rulesOf(domain)) {
              TreeSet<Instant> expected = new TreeSet<>();
              for (OpsEpisode e : ops.episodes()) {
                if (e.service().equals(service) && e.kind().rule.equals(rule.name())) {
                  for (int m = e.firstMinute(); m <= e.lastMinute() && m < seenMinutes; m++) {
                    // A late minute's breaching lines are in the next file.
                    if (e.breaches(m) && !(e.isLate(m) && settings.batchOf(m) + 1 >= files)) {
                      expected.add(settings.start().plus(m, ChronoUnit.MINUTES));
                    }
                  }
                }
              }
              assertEquals(settings + " " + service + " " + rule.name() + " after " + files + " files", expected,
                  OpsLines.breaches(minutes.get(service), rule));
            }
          }
        }
      }
    }
  }

  @Test
  public void theScriptHasTheCasesDetectionMustGetRight() {
    OpsSettings settings = settings(42, 3, 180, 2, true);
    OpsGenerator ops = OpsGenerator.create(settings);
    int boundary = settings.firstMinuteOf(1);
    Map<String, OpsEpisode> byId = new TreeMap<>();
    ops.episodes().forEach(e -> byId.put(e.id(), e));
    OpsEpisode late = byId.get("E1");
    assertThat("late tail inside the burst", late.lateFrom(), greaterThan(late.firstMinute() + 2));
    OpsEpisode gap = byId.get("E2");
    assertThat("the gap is shorter than M", gap.gapLast() - gap.gapFirst() + 1, lessThan(5));
    assertThat("the first run reaches N", gap.gapFirst() - gap.firstMinute(), not(lessThan(3)));
    OpsEpisode crossing = byId.get("E4");
    assertThat(crossing.firstMinute(), lessThan(boundary));
    assertThat(crossing.lastMinute(), not(lessThan(boundary)));
    assertThat("fewer than N breaching minutes before the boundary", boundary - crossing.firstMinute(), lessThan(5));
    assertEquals(settings.minutes() - 1, byId.get("E6").lastMinute());
  }
}
