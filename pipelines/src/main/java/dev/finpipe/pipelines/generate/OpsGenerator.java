package dev.finpipe.pipelines.generate;

import dev.finpipe.validate.OpsRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Seeded operations data with injected incident episodes: the log lines of app_logs and the metric samples of
 * infra_metrics of {@link OpsSettings#services()} services over a span of minutes, cut into files of consecutive
 * time spans. Both domains are built together from the same seed (each from its own random stream), so the episodes
 * line up across them and either domain alone gives the same lines.
 *
 * <p>Baseline traffic never breaches a default rule ({@link IncidentRule#DEFAULTS}), in a whole file or in any prefix
 * of the files: per service and minute at most floor(4% of the minute's on-time lines) are ERROR or FATAL (lines held
 * back to the next file are never errors), latencies are at most 600 ms, CPU at most 65%, disks below 90%. So the
 * only incidents are the {@link OpsEpisode episodes}, and {@link #expectedIncidents} computes them exactly from the
 * valid, deduplicated lines ({@link MinuteSignals}, {@link ExpectedIncidents}).
 *
 * <p>Every log line and sample is valid; on top of them, per file, {@code duplicateRate} exact copies (of a line of
 * the file or of the previous one; a log line without {@code log_id} is kept once by its content hash),
 * {@code invalidRate} bad records rotating through the domain's {@link GeneratedDomain#invalidKinds()}, and baseline
 * lines of a file's span held back to the next file ({@code lateRate}, counted as out of order: silver keeps them).
 */
public final class OpsGenerator {
  public static final int HOSTS_PER_SERVICE = 2;
  /** Every host samples every metric this often. */
  public static final int SAMPLE_SECONDS = 15;
  static final int MIN_LOGS_PER_MINUTE = 20;
  static final int MAX_LOGS_PER_MINUTE = 30;
  static final double MAX_BASELINE_ERROR_SHARE = 0.04;
  static final double MAX_BASELINE_LATENCY_MS = 600;

  private static final long MINUTE_MILLIS = 60_000L;
  private static final String[] SERVICE_NAMES = {"payments-api", "accounts-api", "cards-api", "transfers-api",
      "auth-service", "ledger", "notifications", "fx-rates"};
  private static final List<String> LOG_FIELDS = List.of("service", "host", "level", "message", "timestamp");
  private static final List<String> METRIC_FIELDS = List.of("host", "service", "metric", "value", "unit", "timestamp");
  private static final String[] ROUTES = {"GET /v1/accounts/{id}", "GET /v1/accounts/{id}/balance",
      "POST /v1/payments", "POST /v1/transfers", "GET /v1/cards/{id}", "POST /v1/auth/token"};
  private static final String[] BACKGROUND = {"cache refreshed", "heartbeat", "settlement batch finished",
      "connection pool resized", "config reloaded"};
  private static final String[] ERRORS = {"upstream ledger timed out", "charge failed: card network returned 502",
      "database connection pool exhausted", "circuit breaker open for core-banking"};
  private static final Weighted<String> CALM_LEVELS = Weighted.<String>of()
      .with("DEBUG", 10).with("INFO", 80).with("WARN", 10);
  private static final String[] UNKNOWN_LEVELS = {"info", "NOTICE", "CRITICAL", "TRACE"};
  private static final String[] BAD_LOG_IDS = {"sha256:0f1e", "L 42", "L#0001", "x".repeat(65)};
  private static final String[] BAD_STATUSES = {"99", "600", "0", "1000"};
  private static final String[] WRONG_TYPE_STATUSES = {"\"200\"", "200.5", "true"};
  private static final String[] UNKNOWN_METRICS = {"cpu", "mem_used_bytes", "CPU_PCT", "gc_pause_ms"};

  /** A valid log line; {@link #key()} is silver's {@code log_key} up to the hash: the id, or the whole content. */
  record LogEvent(String service, String host, long millis, String level, String message, @Nullable String logId,
      @Nullable String traceId, @Nullable Integer httpStatus, @Nullable Double latencyMs, boolean epochTime) {
    String key() {
      return logId != null ? "id|" + logId
          : String.join("|", "content", service, host, level, message, String.valueOf(traceId),
              String.valueOf(httpStatus), String.valueOf(latencyMs), Long.toString(millis));
    }
  }

  /** A valid metric sample; {@link #key()} is silver's {@code sample_key}. */
  record Sample(String host, String service, String metric, long millis, double value) {
    String key() {
      return host + "|" + service + "|" + metric + "|" + millis;
    }
  }

  /** A line of a file and what it is: {@code event} is the valid record it carries (null for a bad one). */
  record Slot(String line, LineKind kind, @Nullable InvalidKind invalidKind, @Nullable Object event, boolean late) {}

  private final OpsSettings settings;
  private final long startMillis;
  private final List<String> services = new ArrayList<>();
  private final List<List<String>> hosts = new ArrayList<>();
  private final List<OpsEpisode> episodes;
  private final Map<GeneratedDomain, List<List<Slot>>> files = new EnumMap<>(GeneratedDomain.class);
  private final JsonText json = new JsonText();
  private long logIds;

  private OpsGenerator(OpsSettings settings) {
    this.settings = settings;
    this.startMillis = settings.start().toEpochMilli();
    for (int s = 0; s < settings.services(); s++) {
      String service = s < SERVICE_NAMES.length ? SERVICE_NAMES[s] : String.format("service-%02d", s + 1);
      services.add(service);
      List<String> own = new ArrayList<>();
      for (int h = 1; h <= HOSTS_PER_SERVICE; h++) {
        own.add(String.format("%s-%02d", service, h));
      }
      hosts.add(own);
    }
    SplittableRandom root = new SplittableRandom(settings.seed());
    SplittableRandom script = root.split();
    SplittableRandom logRandom = root.split();
    SplittableRandom metricRandom = root.split();
    this.episodes = settings.episodes() ? OpsEpisode.script(settings, services, hosts, script) : List.of();
    files.put(GeneratedDomain.APP_LOGS, mix(GeneratedDomain.APP_LOGS, logs(logRandom), logRandom));
    files.put(GeneratedDomain.INFRA_METRICS, mix(GeneratedDomain.INFRA_METRICS, samples(metricRandom), metricRandom));
  }

  public static OpsGenerator create(OpsSettings settings) {
    return new OpsGenerator(settings);
  }

  public OpsSettings settings() {
    return settings;
  }

  public List<String> services() {
    return List.copyOf(services);
  }

  /** The hosts of each service, in {@link #services()} order. */
  public List<List<String>> hosts() {
    return List.copyOf(hosts);
  }

  public List<OpsEpisode> episodes() {
    return episodes;
  }

  /** The lines of each file of {@code domain}, in file order. */
  public List<List<String>> files(GeneratedDomain domain) {
    return slots(domain).stream().map(file -> file.stream().map(Slot::line).toList()).toList();
  }

  List<List<Slot>> slots(GeneratedDomain domain) {
    List<List<Slot>> slots = files.get(domain);
    if (slots == null) {
      throw new IllegalArgumentException(domain.id() + " is not an operations domain; expected app_logs or "
          + "infra_metrics");
    }
    return slots;
  }

  /**
   * The incidents of {@code domain}'s default rules over its valid lines of the files {@code 0..throughFile},
   * deduplicated as silver does (the first of a key kept, in file and line order).
   */
  public List<ExpectedIncidents.Incident> expectedIncidents(GeneratedDomain domain, int throughFile) {
    MinuteSignals signals = new MinuteSignals();
    Set<String> seen = new HashSet<>();
    List<List<Slot>> slots = slots(domain);
    for (int f = 0; f <= throughFile; f++) {
      for (Slot slot : slots.get(f)) {
        if (slot.event() instanceof LogEvent log && seen.add(log.key())) {
          signals.addLog(log);
        } else if (slot.event() instanceof Sample sample && seen.add(sample.key())) {
          signals.addSample(sample);
        }
      }
    }
    return ExpectedIncidents.detect(signals.series(), rulesOf(domain));
  }

  /** The default rules whose signal {@code domain}'s records carry. */
  public static List<IncidentRule> rulesOf(GeneratedDomain domain) {
    return IncidentRule.DEFAULTS.stream().filter(rule -> rule.domain() == domain).toList();
  }

  /** Every line of {@code domain}, file after file, counted as it is yielded: what the producer sends. */
  public LineSource lines(GeneratedDomain domain) {
    List<Slot> all = slots(domain).stream().flatMap(List::stream).toList();
    GeneratorStats stats = new GeneratorStats();
    return new LineSource() {
      private int next;

      @Override
      public GeneratorStats stats() {
        return stats;
      }

      @Override
      public boolean hasNext() {
        return next < all.size();
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException("all " + all.size() + " " + domain.id() + " lines were generated");
        }
        Slot slot = all.get(next++);
        count(stats, slot);
        return slot.line();
      }
    };
  }

  static void count(GeneratorStats stats, Slot slot) {
    stats.count(slot.kind(), slot.invalidKind());
    if (slot.late()) {
      stats.countOutOfOrder();
    }
  }

  // ---- the valid records, per file ----

  /** Whether no episode of {@code service} spans minute {@code offset}: only then may lines be held back. */
  private boolean quiet(String service, int offset) {
    return episodes.stream().noneMatch(
        e -> e.service().equals(service) && offset >= e.firstMinute() && offset <= e.lastMinute());
  }

  private @Nullable OpsEpisode breaching(String service, int offset, OpsEpisode.Kind kind) {
    for (OpsEpisode e : episodes) {
      if (e.kind() == kind && e.service().equals(service) && e.breaches(offset)) {
        return e;
      }
    }
    return null;
  }

  /** May a baseline line of this minute be held back to the next file? */
  private boolean holdBack(String service, int offset, SplittableRandom random) {
    return settings.batchOf(offset) + 1 < settings.batches() && quiet(service, offset)
        && random.nextDouble() < settings.lateRate();
  }

  /** Per file, the valid log lines in time order, each with the file it arrives in. */
  private List<List<Slot>> logs(SplittableRandom random) {
    List<List<Slot>> byFile = emptyFiles();
    String idPrefix = "L" + settings.seed() + "-";
    for (int m = 0; m < settings.minutes(); m++) {
      for (int s = 0; s < services.size(); s++) {
        String service = services.get(s);
        OpsEpisode burst = breaching(service, m, OpsEpisode.Kind.ERROR_BURST);
        OpsEpisode spike = breaching(service, m, OpsEpisode.Kind.LATENCY_SPIKE);
        int n = MIN_LOGS_PER_MINUTE + random.nextInt(MAX_LOGS_PER_MINUTE - MIN_LOGS_PER_MINUTE + 1);
        boolean[] late = new boolean[n];
        int onTime = 0;
        for (int i = 0; i < n; i++) {
          late[i] = holdBack(service, m, random);
          onTime += late[i] ? 0 : 1;
        }
        // Errors: a burst's share of all lines (and no others), else a few of the on-time lines only.
        int errors = burst != null ? (int) Math.ceil((0.15 + 0.25 * random.nextDouble()) * n)
            : random.nextInt((int) Math.floor(MAX_BASELINE_ERROR_SHARE * onTime) + 1);
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
          times[i] = startMillis + m * MINUTE_MILLIS + random.nextInt((int) MINUTE_MILLIS);
        }
        Arrays.sort(times);
        List<Integer> errorLines = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (burst != null || !late[i]) {
            candidates.add(i);
          }
        }
        for (int e = 0; e < errors; e++) {
          errorLines.add(candidates.remove(random.nextInt(candidates.size())));
        }
        for (int i = 0; i < n; i++) {
          boolean error = errorLines.contains(i);
          String level = error ? (random.nextDouble() < 0.1 ? "FATAL" : "ERROR") : CALM_LEVELS.pick(random);
          boolean request = random.nextDouble() < 0.9;
          Integer status = request ? status(level, random) : null;
          Double latency = !request ? null : spike != null ? round1(1200 + 2800 * random.nextDouble())
              : round1(2 + Math.pow(random.nextDouble(), 3) * (MAX_BASELINE_LATENCY_MS - 2));
          String message = error ? ERRORS[random.nextInt(ERRORS.length)]
              : request ? ROUTES[random.nextInt(ROUTES.length)] + " " + status
              : BACKGROUND[random.nextInt(BACKGROUND.length)];
          String logId = random.nextDouble() < 0.85 ? idPrefix + (++logIds) : null;
          String traceId = logId == null || random.nextDouble() < 0.8 ? hex(random) : null;
          LogEvent log = new LogEvent(service, hosts.get(s).get(random.nextInt(HOSTS_PER_SERVICE)), times[i], level,
              message, logId, traceId, status, latency, random.nextDouble() < 0.05);
          boolean heldBack = late[i] || (error && burst != null && burst.isLate(m));
          int file = settings.batchOf(m) + (heldBack ? 1 : 0);
          byFile.get(file).add(new Slot(render(log), LineKind.VALID, null, log, heldBack));
        }
      }
    }
    return byFile;
  }

  /** Per file, every host's samples of every metric each {@link #SAMPLE_SECONDS}, in time order. */
  private List<List<Slot>> samples(SplittableRandom random) {
    List<List<Slot>> byFile = emptyFiles();
    double[][] diskBase = new double[services.size()][HOSTS_PER_SERVICE];
    for (double[] service : diskBase) {
      for (int h = 0; h < service.length; h++) {
        service[h] = 40 + 40 * random.nextDouble();
      }
    }
    for (int m = 0; m < settings.minutes(); m++) {
      for (int tick = 0; tick < 60 / SAMPLE_SECONDS; tick++) {
        long millis = startMillis + m * MINUTE_MILLIS + tick * SAMPLE_SECONDS * 1000L;
        for (int s = 0; s < services.size(); s++) {
          String service = services.get(s);
          OpsEpisode burst = breaching(service, m, OpsEpisode.Kind.ERROR_BURST);
          boolean spike = breaching(service, m, OpsEpisode.Kind.LATENCY_SPIKE) != null;
          boolean cpu = breaching(service, m, OpsEpisode.Kind.CPU_SATURATION) != null;
          OpsEpisode disk = breaching(service, m, OpsEpisode.Kind.DISK_FULL);
          for (int h = 0; h < HOSTS_PER_SERVICE; h++) {
            String host = hosts.get(s).get(h);
            for (String metric : OpsRules.METRICS) {
              double value = switch (metric) {
                case "cpu_pct" -> cpu ? 93 + 6 * random.nextDouble() : 5 + 60 * random.nextDouble();
                case "mem_pct" -> 40 + 35 * random.nextDouble();
                case "disk_pct" -> disk != null && host.equals(disk.host()) ? 96 + 3.5 * random.nextDouble()
                    : diskBase[s][h] + 0.5 * random.nextDouble();
                case "latency_p99_ms" -> spike ? 1500 + 2500 * random.nextDouble() : 150 + 450 * random.nextDouble();
                default -> burst != null ? 0.15 + 0.25 * random.nextDouble() : 0.03 * random.nextDouble();
              };
              value = metric.equals("error_rate") ? Math.round(value * 10_000) / 10_000.0 : Math.round(value * 100) / 100.0;
              Sample sample = new Sample(host, service, metric, millis, value);
              boolean heldBack = holdBack(service, m, random);
              byFile.get(settings.batchOf(m) + (heldBack ? 1 : 0))
                  .add(new Slot(render(sample), LineKind.VALID, null, sample, heldBack));
            }
          }
        }
      }
    }
    return byFile;
  }

  private List<List<Slot>> emptyFiles() {
    List<List<Slot>> byFile = new ArrayList<>();
    for (int f = 0; f < settings.batches(); f++) {
      byFile.add(new ArrayList<>());
    }
    return byFile;
  }

  // ---- duplicates, bad records, held-back lines in place ----

  /**
   * Each file's own lines in time order with the lines held back from the previous file spread among them, then the
   * file's duplicates (after their original, or copies of the previous file's lines anywhere) and bad records at
   * random places.
   */
  private List<List<Slot>> mix(GeneratedDomain domain, List<List<Slot>> valid, SplittableRandom random) {
    List<List<Slot>> result = new ArrayList<>();
    double validShare = 1 - settings.duplicateRate() - settings.invalidRate();
    int invalidSeq = 0;
    List<Slot> previous = List.of();
    for (List<Slot> file : valid) {
      List<Slot> lines = new ArrayList<>();
      List<Slot> heldBack = new ArrayList<>();
      for (Slot slot : file) {
        (slot.late() ? heldBack : lines).add(slot);
      }
      for (Slot slot : heldBack) {
        lines.add(random.nextInt(lines.size() + 1), slot);
      }
      long duplicates = Math.round(file.size() * settings.duplicateRate() / validShare);
      for (long d = 0; d < duplicates; d++) {
        boolean fromPrevious = !previous.isEmpty() && random.nextDouble() < 0.3;
        if (fromPrevious) {
          Slot original = previous.get(random.nextInt(previous.size()));
          lines.add(random.nextInt(lines.size() + 1), copy(original));
        } else {
          int at = random.nextInt(lines.size());
          while (lines.get(at).event() == null) {
            at = random.nextInt(lines.size());
          }
          lines.add(at + 1 + random.nextInt(lines.size() - at), copy(lines.get(at)));
        }
      }
      long invalid = Math.round(file.size() * settings.invalidRate() / validShare);
      List<Slot> validOnly = List.copyOf(file);
      for (long i = 0; i < invalid; i++, invalidSeq++) {
        List<InvalidKind> kinds = domain.invalidKinds();
        InvalidKind kind = kinds.get(invalidSeq % kinds.size());
        Object base = validOnly.get(random.nextInt(validOnly.size())).event();
        String line = base instanceof LogEvent log ? badLog(log, kind, invalidSeq / kinds.size(), random)
            : badSample((Sample) base, kind, invalidSeq / kinds.size(), random);
        lines.add(random.nextInt(lines.size() + 1), new Slot(line, LineKind.INVALID, kind, null, false));
      }
      previous = validOnly;
      result.add(lines);
    }
    return result;
  }

  private static Slot copy(Slot original) {
    return new Slot(original.line(), LineKind.DUPLICATE, null, original.event(), false);
  }

  // ---- rendering ----

  private String render(LogEvent log) {
    return ChangeGenerator.render(logFields(log), null);
  }

  private Map<String, String> logFields(LogEvent log) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (log.logId() != null) {
      fields.put("log_id", JsonText.quote(log.logId()));
    }
    fields.put("service", JsonText.quote(log.service()));
    fields.put("host", JsonText.quote(log.host()));
    fields.put("level", JsonText.quote(log.level()));
    fields.put("message", JsonText.quote(log.message()));
    if (log.traceId() != null) {
      fields.put("trace_id", JsonText.quote(log.traceId()));
    }
    if (log.httpStatus() != null) {
      fields.put("http_status", Integer.toString(log.httpStatus()));
    }
    if (log.latencyMs() != null) {
      fields.put("latency_ms", Double.toString(log.latencyMs()));
    }
    fields.put("timestamp", log.epochTime() ? Long.toString(log.millis()) : isoInstant(log.millis()));
    return fields;
  }

  private String render(Sample sample) {
    return ChangeGenerator.render(sampleFields(sample), null);
  }

  private Map<String, String> sampleFields(Sample sample) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("host", JsonText.quote(sample.host()));
    fields.put("service", JsonText.quote(sample.service()));
    fields.put("metric", JsonText.quote(sample.metric()));
    fields.put("value", Double.toString(sample.value()));
    fields.put("unit", JsonText.quote(OpsRules.METRIC_UNITS.get(sample.metric())));
    fields.put("timestamp", isoInstant(sample.millis()));
    return fields;
  }

  /** A line like {@code log} (at another time of its minute) that breaks exactly one rule of the contract. */
  private String badLog(LogEvent log, InvalidKind kind, int round, SplittableRandom random) {
    Map<String, String> fields = logFields(log);
    fields.put("timestamp", isoInstant(log.millis() - log.millis() % MINUTE_MILLIS + random.nextInt(60_000)));
    switch (kind) {
      case MISSING_REQUIRED_FIELD -> fields.remove(LOG_FIELDS.get(round % LOG_FIELDS.size()));
      case BLANK_NAME -> fields.put(round % 2 == 0 ? "service" : "host", JsonText.quote("  "));
      case UNKNOWN_LEVEL -> fields.put("level", JsonText.quote(pick(UNKNOWN_LEVELS, random)));
      case BAD_LOG_ID -> fields.put("log_id", JsonText.quote(pick(BAD_LOG_IDS, random)));
      case HTTP_STATUS_OUT_OF_RANGE -> fields.put("http_status", pick(BAD_STATUSES, random));
      case MEASURE_WRONG_TYPE -> {
        if (round % 2 == 0) {
          fields.put("http_status", pick(WRONG_TYPE_STATUSES, random));
        } else {
          fields.put("latency_ms", JsonText.quote((int) (10 + random.nextInt(500)) + "ms"));
        }
      }
      case LATENCY_NEGATIVE -> fields.put("latency_ms", "-" + (1 + random.nextInt(100)) + ".5");
      default -> {
        return common(kind, fields, random);
      }
    }
    return ChangeGenerator.render(fields, null);
  }

  /** A sample like {@code sample} that breaks exactly one rule of the contract. */
  private String badSample(Sample sample, InvalidKind kind, int round, SplittableRandom random) {
    Map<String, String> fields = sampleFields(sample);
    switch (kind) {
      case MISSING_REQUIRED_FIELD -> fields.remove(METRIC_FIELDS.get(round % METRIC_FIELDS.size()));
      case BLANK_NAME -> fields.put(round % 2 == 0 ? "service" : "host", JsonText.quote(" "));
      case UNKNOWN_METRIC -> fields.put("metric", JsonText.quote(pick(UNKNOWN_METRICS, random)));
      case MEASURE_WRONG_TYPE -> fields.put("value", JsonText.quote(fields.get("value")));
      case VALUE_TOO_LARGE -> fields.put("value", "1e400");
      case PCT_OUT_OF_RANGE -> {
        String metric = List.of("cpu_pct", "mem_pct", "disk_pct").get(round % 3);
        fields.put("metric", JsonText.quote(metric));
        fields.put("unit", JsonText.quote("pct"));
        fields.put("value", round % 2 == 0 ? "100.5" : "-3.0");
      }
      case ERROR_RATE_OUT_OF_RANGE -> {
        fields.put("metric", JsonText.quote("error_rate"));
        fields.put("unit", JsonText.quote("ratio"));
        fields.put("value", "1.5");
      }
      case UNIT_MISMATCH -> {
        fields.put("metric", JsonText.quote(round % 2 == 0 ? "cpu_pct" : "latency_p99_ms"));
        fields.put("value", "42.0");
        fields.put("unit", JsonText.quote(round % 2 == 0 ? "percent" : "s"));
      }
      default -> {
        return common(kind, fields, random);
      }
    }
    return ChangeGenerator.render(fields, null);
  }

  /** The bad records both ops domains share. */
  private String common(InvalidKind kind, Map<String, String> fields, SplittableRandom random) {
    String whole = ChangeGenerator.render(fields, null);
    return switch (kind) {
      // Never the closing brace: a prefix of an object is never a JSON value.
      case MALFORMED_JSON -> whole.substring(0, whole.length() / 2 + random.nextInt(whole.length() - 1 - whole.length() / 2));
      case NOT_AN_OBJECT -> "[" + whole + "]";
      case EVENT_TIME_UNPARSEABLE -> {
        fields.put("timestamp", pick(TransactionGenerator.UNPARSEABLE_TIMES, random));
        yield ChangeGenerator.render(fields, null);
      }
      case EVENT_TIME_FUTURE -> {
        fields.put("timestamp", isoInstant(TransactionGenerator.FAR_FUTURE_MILLIS
            + random.nextLong(365 * 86_400_000L)));
        yield ChangeGenerator.render(fields, null);
      }
      case BLANK_LINE -> "";
      default -> throw new IllegalArgumentException(kind + " is not a kind of bad operations record");
    };
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  private static Integer status(String level, SplittableRandom random) {
    return switch (level) {
      case "WARN" -> new int[] {400, 404, 409, 429}[random.nextInt(4)];
      case "ERROR", "FATAL" -> new int[] {500, 502, 503, 504}[random.nextInt(4)];
      default -> new int[] {200, 200, 200, 201, 204, 304}[random.nextInt(6)];
    };
  }

  private static String hex(SplittableRandom random) {
    return String.format("%016x", random.nextLong());
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private String isoInstant(long millis) {
    StringBuilder sb = new StringBuilder(32);
    json.appendIsoInstant(sb, millis, 0, null);
    return sb.toString();
  }
}
