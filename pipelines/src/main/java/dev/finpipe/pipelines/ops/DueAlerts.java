package dev.finpipe.pipelines.ops;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableVersion;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.SilverCommitMetrics;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.StageFailures;
import dev.finpipe.pipelines.common.StageFailures.Failure;
import dev.finpipe.pipelines.common.TableSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The alerts due, derived from committed state only (so a re-run derives the same ones, with the same keys):
 *
 * <ul>
 *   <li>{@code incident_opened|<incident_id>} for every row of {@code gold/incidents}, and
 *       {@code incident_resolved|<incident_id>} for every row RESOLVED;
 *   <li>{@code stage_failed|<app id>|<run id>} for every failure {@link StageFailures} holds;
 *   <li>{@code quarantine_rate|<domain>|<silver version>} for every silver version, after the one the last run read
 *       up to, whose run quarantined more than {@code thresholds.quarantineRate} of the bronze rows it read (from the
 *       commit's {@code operationMetrics}; versions written before those figures existed have none and are skipped);
 *   <li>{@code freshness_lag|<table>|<newest event minute>} when now minus the newest event time committed to a watched
 *       table (its files' statistics) exceeds {@code thresholds.freshnessLag}: one alert per stale state, not one
 *       per run — a table stuck at the same newest event alerts once, and again only if it advances and still lags.
 * </ul>
 */
final class DueAlerts {
  /** The progress marker of a domain's quarantine check in {@code ops/alerts}: the last silver version read. */
  static String quarantineProgress(Domain<?> domain) {
    return "quarantine:" + domain.name();
  }

  /** What is due: the alerts, the progress to commit with them, the failure records they consume. */
  record Due(List<Alert> alerts, Map<String, Long> progress, List<Failure> failures) {}

  private DueAlerts() {}

  static Due derive(String warehouse, AlertsConfig config, AlertsTable recorded, Instant now) {
    List<Alert> alerts = new ArrayList<>();
    incidents(warehouse, config, now, alerts);
    List<Failure> failures = StageFailures.list(warehouse);
    for (Failure f : failures) {
      raise(alerts, config, Alert.STAGE_FAILED + "|" + f.appId() + "|" + f.runId(), Alert.STAGE_FAILED, "major",
          f.appId() + " run " + f.runId() + " failed",
          f.appId() + " run " + f.runId() + " failed at " + Instant.ofEpochMilli(f.failedAt()) + ": " + f.message(), now);
    }
    Map<String, Long> progress = new LinkedHashMap<>();
    for (Domain<?> domain : Domains.all()) {
      quarantine(warehouse, config, recorded, domain, now, alerts, progress);
    }
    freshness(warehouse, config, now, alerts);
    return new Due(alerts, progress, failures);
  }

  private static void incidents(String warehouse, AlertsConfig config, Instant now, List<Alert> alerts) {
    if (!DeltaTable.at(warehouse, Tables.GOLD_INCIDENTS).exists()) {
      return;
    }
    List<GenericRecord> rows = TableSnapshots.rows(warehouse, Tables.GOLD_INCIDENTS);
    rows.sort(java.util.Comparator.comparing(r -> r.get("incident_id").toString()));
    for (GenericRecord r : rows) {
      String id = r.get("incident_id").toString();
      String service = r.get("service").toString();
      String rule = r.get("rule").toString();
      String severity = r.get("severity").toString();
      String what = String.format(Locale.ROOT, "%s >= %s (rule %s), peak %s at %s", r.get("signal"), r.get("threshold"),
          rule, r.get("peak_value"), Alert.instant((Long) r.get("peak_at")));
      raise(alerts, config, Alert.INCIDENT_OPENED + "|" + id, Alert.INCIDENT_OPENED, severity,
          service + ": " + rule + " incident opened",
          String.format(Locale.ROOT, "%s: %s since %s, detected at %s", service, what,
              Alert.instant((Long) r.get("started_at")), Alert.instant((Long) r.get("detected_at"))), now);
      if ("RESOLVED".equals(r.get("status").toString()) && r.get("resolved_at") != null) {
        raise(alerts, config, Alert.INCIDENT_RESOLVED + "|" + id, Alert.INCIDENT_RESOLVED, severity,
            service + ": " + rule + " incident resolved",
            String.format(Locale.ROOT, "%s: %s, from %s to %s (%s breaching minutes)", service, what,
                Alert.instant((Long) r.get("started_at")), Alert.instant((Long) r.get("resolved_at")), r.get("breach_minutes")), now);
      }
    }
  }

  private static void quarantine(String warehouse, AlertsConfig config, AlertsTable recorded, Domain<?> domain,
      Instant now, List<Alert> alerts, Map<String, Long> progress) {
    DeltaTable silver = DeltaTable.at(warehouse, domain.silver());
    if (!silver.exists()) {
      return;
    }
    long after = recorded.progress(quarantineProgress(domain));
    long last = after;
    for (TableVersion v : silver.history(after + 1)) {
      last = Math.max(last, v.version());
      String read = v.operationMetrics().get(SilverCommitMetrics.ROWS_READ);
      String quarantined = v.operationMetrics().get(SilverCommitMetrics.ROWS_QUARANTINED);
      if (read == null || quarantined == null || Long.parseLong(read) == 0) {
        continue;
      }
      double rate = Long.parseLong(quarantined) / (double) Long.parseLong(read);
      if (rate > config.quarantineRate()) {
        raise(alerts, config, Alert.QUARANTINE_RATE + "|" + domain.name() + "|" + v.version(), Alert.QUARANTINE_RATE, "major",
            domain.name() + ": " + percent(rate) + " quarantined in silver version " + v.version(),
            String.format(Locale.ROOT, "%s: silver version %d (committed %s) quarantined %s of the %s bronze rows it read "
                + "(%s), above the threshold of %s", domain.name(), v.version(), v.committedAt(), quarantined, read,
                percent(rate), percent(config.quarantineRate())), now);
      }
    }
    if (last > after) {
      progress.put(quarantineProgress(domain), last);
    }
  }

  private static void freshness(String warehouse, AlertsConfig config, Instant now, List<Alert> alerts) {
    List<String> tables = config.freshnessTables();
    if (tables == null) {
      tables = new ArrayList<>();
      for (Domain<?> d : Domains.all()) {
        if (d.kind() == Domain.Kind.EVENTS) {
          tables.add(d.silver().path());
        }
      }
    }
    Duration threshold = Duration.ofMillis(config.freshnessLag().getMillis());
    for (String path : tables) {
      TableSpec spec;
      try {
        spec = Domains.tableByPath(path);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(config.source() + ": freshnessTables: " + e.getMessage().replace("--table: ", ""));
      }
      DeltaTable table = DeltaTable.at(warehouse, spec);
      org.joda.time.Instant newest = table.exists() ? table.maxEventTime() : null;
      if (newest == null) {
        continue;
      }
      Instant newestEvent = Instant.ofEpochMilli(newest.getMillis());
      Duration lag = Duration.between(newestEvent, now);
      if (lag.compareTo(threshold) > 0) {
        Instant minute = newestEvent.truncatedTo(ChronoUnit.MINUTES);
        raise(alerts, config, Alert.FRESHNESS_LAG + "|" + path + "|" + minute, Alert.FRESHNESS_LAG, "major",
            path + " is " + lag.toSeconds() + " s behind",
            String.format(Locale.ROOT, "%s: the newest committed event is at %s, %d s before %s (threshold %d s)", path,
                newestEvent, lag.toSeconds(), now, threshold.toSeconds()), now);
      }
    }
  }

  private static void raise(List<Alert> alerts, AlertsConfig config, String key, String kind, String severity,
      String subject, String message, Instant now) {
    List<String> sinks = new ArrayList<>();
    config.sinksFor(kind).forEach(s -> sinks.add(s.name()));
    if (!sinks.isEmpty()) {
      alerts.add(Alert.raised(key, kind, severity, subject, message, sinks, now));
    }
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }
}
