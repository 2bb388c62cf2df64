package dev.finpipe.pipelines.ops;

import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.CrashPoints;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageFailures;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and delivers the alerts, through an outbox in {@code ops/alerts}: (1) derives the alerts due from committed
 * state ({@link DueAlerts}) and records the ones not yet recorded as PENDING, in one Delta commit; (2) delivers every
 * alert not yet DELIVERED to each of its sinks not yet reached ({@link DeliverAlerts}: retries with backoff, the key in
 * an {@code Idempotency-Key} header and the body); (3) records the outcome (DELIVERED, or FAILED to be retried by the
 * next run) in a second commit. A crash in (1) records nothing (the next run derives the same keys); a crash
 * between (2) and (3) makes the next run send again with the same key: delivery is at least once, and a receiver
 * that dedupes by the key processes each alert once (README "Alerts").
 *
 * <p>A driver-only step, not a Beam pipeline: a handful of rows and HTTP calls with side effects, which a runner's
 * retried bundles would repeat. {@code make alerts} runs it once; {@code make medallion} and {@code make stream} run it
 * after each tick ({@link #afterEachBatch}).
 *
 * <pre>{@code
 * FINPIPE_ALERT_WEBHOOK_URL=https://... java ... dev.finpipe.pipelines.ops.RaiseAlerts --warehouse=data/dev \
 *   --alertsConfig=runners-config/dev/alerts.yaml
 * }</pre>
 */
public final class RaiseAlerts {
  private static final Logger LOG = LoggerFactory.getLogger(RaiseAlerts.class);

  /** The step's options. */
  public interface Options extends WarehouseOptions, RunOptions, AlertOptions {}

  private RaiseAlerts() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exit(() -> {
      if (options.getAlertsConfig() == null) {
        throw new IllegalArgumentException("--alertsConfig is required (make alerts passes runners-config/$ENV/alerts.yaml)");
      }
      return run(Warehouses.normalize(options.getWarehouse()), config(options.getAlertsConfig()));
    }, options);
  }

  /** Reads {@code file} with the process's environment; a missing file is a usage error. */
  public static AlertsConfig config(String file) {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("--alertsConfig=" + file + " does not exist (copy runners-config/<env>/alerts.example.yaml)");
    }
    return AlertsConfig.read(path, System::getenv);
  }

  public static RunReport run(String warehouse, AlertsConfig config) {
    return run(warehouse, config, Clock.systemUTC(), pause -> Thread.sleep(pause.toMillis()));
  }

  static RunReport run(String warehouse, AlertsConfig config, Clock clock, DeliverAlerts.Sleeper sleeper) {
    long start = System.currentTimeMillis();
    RunReport report = new RunReport("alerts", RunIds.next("alerts"), "driver");
    AlertsTable table = new AlertsTable(warehouse);
    Map<String, Alert> recorded = table.read();

    // (1) the outbox: every new alert recorded as PENDING before anything is sent
    DueAlerts.Due due = DueAlerts.derive(warehouse, config, table, clock.instant());
    List<Alert> raised = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Alert a : due.alerts()) {
      if (!recorded.containsKey(a.key()) && keys.add(a.key())) {
        raised.add(a);
      }
    }
    OptionalLong version = table.write(recorded, raised, due.progress());
    raised.forEach(a -> recorded.put(a.key(), a));
    // Each failure is now an alert of ops/alerts (or its kind is not routed): its record has served.
    due.failures().forEach(f -> StageFailures.remove(warehouse, f));
    report.count("alerts raised", raised.size()).count("alerts due, already recorded", due.alerts().size() - raised.size());
    version.ifPresent(v -> report.note("ops/alerts version " + v + ": " + raised.size() + " new alerts recorded as PENDING"));
    CrashPoints.maybeCrash("alerts-after-raise");

    // (2) delivery of everything not yet delivered, oldest first
    List<Alert> open = new ArrayList<>();
    recorded.values().stream().filter(a -> !Alert.DELIVERED.equals(a.status()))
        .sorted(Comparator.comparing(Alert::raisedAt).thenComparing(Alert::key)).forEach(open::add);
    DeliverAlerts deliver = new DeliverAlerts(config.delivery(), sleeper);
    Map<String, String> down = new LinkedHashMap<>(); // sink -> why: not tried again this run
    List<Alert> updated = new ArrayList<>();
    long requests = 0;
    for (Alert a : open) {
      List<String> reached = new ArrayList<>(a.deliveredTo());
      long attempts = a.attempts();
      String error = null;
      for (String name : a.sinksLeft()) {
        AlertsConfig.Sink sink = config.sink(name);
        if (sink == null) {
          error = "sink " + name + " is no longer in " + config.source();
        } else if (down.containsKey(name)) {
          error = down.get(name) + "; not tried again this run";
        } else {
          DeliverAlerts.Outcome outcome = deliver.deliver(a, sink);
          attempts += outcome.attempts();
          requests += outcome.attempts();
          if (outcome.delivered()) {
            reached.add(name);
          } else {
            error = outcome.error();
            if (outcome.attempts() == config.delivery().attempts()) {
              down.put(name, outcome.error()); // its whole budget spent: the other alerts wait for the next run
            }
          }
        }
      }
      Instant now = clock.instant();
      boolean done = reached.containsAll(a.sinks());
      updated.add(new Alert(a.key(), a.kind(), a.severity(), a.subject(), a.message(), a.raisedAt(),
          done ? now : null, attempts, a.sinks(), order(a.sinks(), reached), done ? Alert.DELIVERED : Alert.FAILED,
          done ? null : error, now));
    }
    CrashPoints.maybeCrash("alerts-after-send");

    // (3) the outcome
    OptionalLong delivered = table.write(recorded, updated, Map.of());
    long ok = updated.stream().filter(a -> Alert.DELIVERED.equals(a.status())).count();
    report.count("alerts delivered", ok).count("alerts failed (retried next run)", updated.size() - ok)
        .count("requests sent", requests);
    delivered.ifPresent(v -> report.note("ops/alerts version " + v + ": delivery outcomes recorded"));
    down.forEach((sink, why) -> report.note(why));
    return report.elapsedMillis(System.currentTimeMillis() - start);
  }

  /**
   * {@code batch} followed by the alerts, for a trigger loop's ticks: a batch that fails is first recorded
   * ({@link StageFailures}, so that it alerts even if the process then dies), then the alerts run, then the failure
   * goes on to the loop. The alerts' own failure (ops/alerts unreadable) is logged and leaves the tick as it was:
   * what they have not recorded, the next tick derives again. No settings: the batch unchanged, and one note that
   * alerts are off.
   */
  public static Supplier<List<RunReport>> afterEachBatch(
      String stage, String warehouse, @Nullable String alertsConfig, Supplier<List<RunReport>> batch) {
    if (alertsConfig == null) {
      AtomicBoolean said = new AtomicBoolean();
      return () -> {
        List<RunReport> reports = batch.get();
        if (!reports.isEmpty() && said.compareAndSet(false, true)) {
          reports.get(reports.size() - 1).note("alerts off: no --alertsConfig (runners-config/<env>/alerts.yaml absent)");
        }
        return reports;
      };
    }
    return afterEachBatch(stage, warehouse, config(alertsConfig), batch); // read once, before any work
  }

  static Supplier<List<RunReport>> afterEachBatch(
      String stage, String warehouse, AlertsConfig config, Supplier<List<RunReport>> batch) {
    return () -> {
      long since = System.currentTimeMillis();
      List<RunReport> reports;
      try {
        reports = new ArrayList<>(batch.get());
      } catch (RuntimeException e) {
        StageFailures.recordBatch(warehouse, stage, RunIds.next(stage), since, e);
        alertsQuietly(stage, warehouse, config).ifPresent(RunReport::printOnce);
        throw e;
      }
      alertsQuietly(stage, warehouse, config).ifPresent(reports::add);
      return reports;
    };
  }

  private static java.util.Optional<RunReport> alertsQuietly(String stage, String warehouse, AlertsConfig config) {
    try {
      return java.util.Optional.of(run(warehouse, config));
    } catch (RuntimeException e) {
      LOG.warn("{}: the alerts failed this tick (the next tick derives them again): {}", stage, PipelineRuns.rootMessage(e));
      return java.util.Optional.empty();
    }
  }

  private static List<String> order(List<String> sinks, List<String> reached) {
    List<String> out = new ArrayList<>();
    sinks.stream().filter(reached::contains).forEach(out::add);
    return out;
  }
}
