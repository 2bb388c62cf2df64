package dev.finpipe.dashboard;

import dev.finpipe.delta.TableVersion;
import dev.finpipe.domain.Domain;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pipeline health page, from the Delta logs: each table's versions, files and last compaction; every run's
 * commits with rows and start-to-commit time; freshness; each stage's last commit against a threshold and the
 * upstream versions it has not consumed; and the Kafka offsets bronze committed per partition.
 */
final class HealthPage {
  /** Run ids are {@code <stage>-<yyyyMMdd'T'HHmmss'Z'>-<random>}: the run's start, to the second. */
  private static final Pattern RUN_START = Pattern.compile("^[a-z]+-(\\d{8}T\\d{6}Z)-[0-9a-f]+$");
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final String KAFKA_PREFIX = "kafka:";

  /**
   * What each stage's progress is read from: the table whose log holds its marker (app id → upstream version
   * consumed), that upstream table and the app id; bronze has no upstream table. A domain's stages are labelled as
   * the stages label them ({@code silver customers}; transactions' keep their names).
   */
  private record Progress(TableSpec own, TableSpec upstream, String appId) {}

  private static final Map<String, Progress> STAGES = stages();
  /** Stages in pipeline order (each domain's bronze and silver, then gold); any other (a maintenance job) after. */
  private static final List<String> STAGE_ORDER = stageOrder();

  private final WarehouseView warehouse;
  private final ParquetQueries queries;
  private final java.time.Duration behindAfter;

  HealthPage(WarehouseView warehouse, ParquetQueries queries, java.time.Duration behindAfter) {
    this.warehouse = warehouse;
    this.queries = queries;
    this.behindAfter = behindAfter;
  }

  Map<String, Object> health(Instant now) {
    List<Map<String, Object>> tables = new ArrayList<>();
    List<Map<String, Object>> runs = new ArrayList<>();
    Map<String, Map<String, Object>> stages =
        new TreeMap<>(Comparator.comparing((String s) -> STAGE_ORDER.contains(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.size())
            .thenComparing(Comparator.naturalOrder()));
    for (TableSpec spec : WarehouseView.TABLES) {
      TableSnapshot snapshot = warehouse.snapshot(spec);
      tables.add(table(snapshot, now));
      for (TableVersion version : snapshot.history()) {
        Map<String, Object> run = run(spec, version);
        runs.add(run);
        String stage = (String) run.get("stage");
        if (stage != null && !stage.isEmpty()) {
          Map<String, Object> s = stages.computeIfAbsent(stage, k -> new LinkedHashMap<>(Map.of("stage", k)));
          s.merge("commits", 1L, (a, b) -> (Long) a + (Long) b);
          s.put("lastCommit", run.get("committedAt"));
        }
      }
    }
    runs.sort(Comparator.comparing((Map<String, Object> r) -> (String) r.get("committedAt")).reversed());
    stages.values().forEach(s -> stageStatus(s, now));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("now", now.toString());
    out.put("behindAfterSeconds", behindAfter.getSeconds());
    out.put("tables", tables);
    out.put("stages", new ArrayList<>(stages.values()));
    out.put("runs", runs);
    out.put("kafka", kafka(warehouse.snapshot(Tables.BRONZE)));
    return out;
  }

  private Map<String, Object> table(TableSnapshot snapshot, Instant now) {
    Map<String, Object> t = new LinkedHashMap<>();
    TableSpec spec = snapshot.spec();
    t.put("table", spec.path());
    t.put("version", snapshot.version());
    t.put("files", snapshot.files().size());
    t.put("rows", snapshot.rows());
    t.put("bytes", snapshot.bytes());
    t.put("partitions", new TreeSet<>(snapshot.files().stream().map(DataFile::partitionValue).toList()).size());
    List<TableVersion> history = snapshot.history();
    t.put("lastCommit", history.isEmpty() ? null : committedAt(history.get(history.size() - 1)));
    // Stages commit WRITE; anything else (OPTIMIZE, a compaction) is maintenance.
    TableVersion compaction =
        history.stream().filter(v -> !v.operation().isEmpty() && !"WRITE".equals(v.operation())).reduce((a, b) -> b).orElse(null);
    t.put("lastCompaction", compaction == null ? null : committedAt(compaction));
    t.put("lastCompactionOperation", compaction == null ? null : compaction.operation());
    String newest = newestEvent(snapshot);
    t.put("newestEventColumn", newestColumn(spec));
    t.put("newestEvent", newest);
    // A date says nothing about the time of day: gold gets no freshness in seconds.
    boolean instant = newest != null && newest.contains("T");
    t.put("freshnessSeconds", instant ? java.time.Duration.between(Instant.parse(newest), now).getSeconds() : null);
    return t;
  }

  /**
   * The column whose maximum says how recent a table's data is: bronze and quarantine by ingest time (quarantine
   * holds events dated in the future on purpose), silver by its domain's event time (a change's {@code updated_at}).
   * Gold has no time column, only its date.
   */
  private static String newestColumn(TableSpec spec) {
    Domain<?> domain = owner(spec);
    if (domain != null && !spec.equals(domain.bronze()) && !spec.equals(domain.quarantine())) {
      return domain.eventTimeColumn();
    }
    return spec.columnNames().contains("ingested_at") ? "ingested_at" : spec.partitionColumn();
  }

  /** The domain whose table {@code spec} is; null for gold. */
  private static Domain<?> owner(TableSpec spec) {
    return Domains.all().stream().filter(d -> d.tables().contains(spec)).findFirst().orElse(null);
  }

  private static Map<String, Progress> stages() {
    Map<String, Progress> stages = new LinkedHashMap<>();
    for (Domain<?> d : Domains.all()) {
      stages.put(d.stageLabel("bronze"), new Progress(d.bronze(), null, null));
      stages.put(d.stageLabel("silver"), new Progress(d.silver(), d.bronze(), d.appId("silver")));
    }
    stages.put("gold", new Progress(Tables.GOLD_DAILY_USER_CURRENCY, Tables.SILVER, "finpipe-gold"));
    return stages;
  }

  private static List<String> stageOrder() {
    List<String> order = new ArrayList<>();
    Domains.all().forEach(d -> order.add(d.stageLabel("bronze")));
    Domains.all().forEach(d -> order.add(d.stageLabel("silver")));
    order.add("gold");
    return order;
  }

  private String newestEvent(TableSnapshot snapshot) {
    String column = newestColumn(snapshot.spec());
    List<Map<String, Object>> rows = queries.query(snapshot, "SELECT max(" + column + ") AS newest FROM {table}");
    return rows.isEmpty() || rows.get(0).get("newest") == null ? null : (String) rows.get(0).get("newest");
  }

  private static String committedAt(TableVersion version) {
    return Instant.ofEpochMilli(version.committedAt().getMillis()).toString();
  }

  private static Map<String, Object> run(TableSpec spec, TableVersion version) {
    Map<String, String> metrics = version.operationMetrics();
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("table", spec.path());
    run.put("version", version.version());
    run.put("committedAt", committedAt(version));
    run.put("operation", version.operation());
    run.put("stage", metrics.get("stage")); // the stage's label: "silver customers" for a domain's
    run.put("runId", metrics.get("runId"));
    run.put("rows", metrics.containsKey("numOutputRows") ? Long.parseLong(metrics.get("numOutputRows")) : null);
    run.put("files", metrics.containsKey("numFiles") ? Long.parseLong(metrics.get("numFiles")) : null);
    Instant start = runStart(metrics.get("runId"));
    run.put("runStart", start == null ? null : start.toString());
    run.put(
        "secondsToCommit",
        start == null ? null : (version.committedAt().getMillis() - start.toEpochMilli()) / 1000.0);
    return run;
  }

  static Instant runStart(String runId) {
    if (runId == null) {
      return null;
    }
    Matcher m = RUN_START.matcher(runId);
    if (!m.matches()) {
      return null;
    }
    try {
      return LocalDateTime.parse(m.group(1), RUN_ID_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Idle time against the threshold, and for silver and gold the upstream versions not consumed yet. */
  private void stageStatus(Map<String, Object> stage, Instant now) {
    long idle = java.time.Duration.between(Instant.parse((String) stage.get("lastCommit")), now).getSeconds();
    stage.put("idleSeconds", idle);
    stage.put("behind", idle > behindAfter.getSeconds());
    Progress progress = STAGES.get((String) stage.get("stage"));
    if (progress == null || progress.upstream() == null) {
      return;
    }
    List<TableVersion> own = warehouse.snapshot(progress.own()).history();
    String appId = progress.appId();
    long consumed =
        own.stream()
            .map(v -> v.appVersions().get(appId))
            .filter(v -> v != null)
            .reduce((a, b) -> b)
            .orElse(-1L);
    long upstream = warehouse.snapshot(progress.upstream()).version();
    stage.put("upstreamTable", progress.upstream().path());
    stage.put("upstreamVersion", upstream);
    stage.put("consumedVersion", consumed);
    stage.put("pendingVersions", Math.max(0, upstream - consumed));
  }

  /** Bronze's committed Kafka offsets: the latest next-offset per partition, and every commit's for a chart. */
  private static Map<String, Object> kafka(TableSnapshot bronze) {
    Map<String, Long> latest = new TreeMap<>();
    List<Map<String, Object>> commits = new ArrayList<>();
    for (TableVersion version : bronze.history()) {
      version.appVersions().forEach((appId, offset) -> {
        if (appId.startsWith(KAFKA_PREFIX)) {
          String partition = appId.substring(KAFKA_PREFIX.length());
          latest.put(partition, offset);
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("version", version.version());
          c.put("committedAt", committedAt(version));
          c.put("partition", partition);
          c.put("nextOffset", offset);
          commits.add(c);
        }
      });
    }
    List<Map<String, Object>> partitions = new ArrayList<>();
    latest.forEach((p, o) -> partitions.add(Map.of("partition", p, "nextOffset", o)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("partitions", partitions);
    out.put("commits", commits);
    return out;
  }
}
