package dev.finpipe.pipelines.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end-of-run summary of one stage: what it read, refused, dropped and wrote, the Delta versions it committed,
 * how long it took, and whether its books balance. Printed for people, written as JSON for benchmarks and tools.
 */
public final class RunReport {
  private final String stage;
  private final String runId;
  private final String runner;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<String> tableLines = new ArrayList<>();
  private final Map<String, Object> tables = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Long> lags = new LinkedHashMap<>();
  private final Map<String, org.joda.time.Instant> newestEvents = new LinkedHashMap<>();
  private String books = "";
  private long eventsIn;
  private long backlog;
  private long elapsedMillis;
  private long peakHeapBytes;
  private String outcome = "OK";
  private boolean printed;

  public RunReport(String stage, String runId, String runner) {
    this.stage = stage;
    this.runId = runId;
    this.runner = runner;
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  public String stage() {
    return stage;
  }

  public String runId() {
    return runId;
  }

  public RunReport count(String label, long value) {
    counts.put(label, value);
    return this;
  }

  public long count(String label) {
    return counts.getOrDefault(label, 0L);
  }

  /** Rows committed (or found already committed) per table path. */
  public Map<String, Long> tableRows() {
    Map<String, Long> rows = new LinkedHashMap<>();
    tables.forEach((table, t) -> rows.put(table, (Long) ((Map<?, ?>) t).get("rows")));
    return rows;
  }

  /** Records a source partition's lag when the batch was planned (records not yet ingested), for the metrics. */
  public RunReport lag(String source, long lag) {
    lags.put(source, lag);
    return this;
  }

  public Map<String, Long> lags() {
    return Map.copyOf(lags);
  }

  /**
   * Records what the batch budget ({@link BatchBudget}) left for the next batch: records of the source this run did
   * not take. A report with a backlog makes {@link TriggerLoop} run the next batch at once.
   */
  public RunReport backlog(long records) {
    this.backlog = records;
    if (records > 0) {
      count("records left for the next batch", records);
    }
    return this;
  }

  public long backlog() {
    return backlog;
  }

  /** Records the newest event time committed to a table after this run, for the metrics' freshness. */
  public RunReport newestEvent(String table, org.joda.time.Instant eventTime) {
    newestEvents.put(table, eventTime);
    return this;
  }

  public Map<String, org.joda.time.Instant> newestEvents() {
    return Map.copyOf(newestEvents);
  }

  public Map<String, Long> counts() {
    return counts;
  }

  /** The number of input events, for the events/s figure. */
  public RunReport eventsIn(long events) {
    this.eventsIn = events;
    return this;
  }

  /** Ends the run's clock; also reads the peak heap since the report was created. */
  public RunReport elapsedMillis(long millis) {
    this.elapsedMillis = millis;
    // The sum of each heap pool's peak: an upper bound of the run's peak heap, which the JVM does not track as such.
    this.peakHeapBytes = heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return this;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .collect(Collectors.toList());
  }

  public long elapsedMillis() {
    return elapsedMillis;
  }

  public RunReport outcome(String outcome) {
    this.outcome = outcome;
    return this;
  }

  public RunReport note(String note) {
    notes.add(note);
    return this;
  }

  /** Records a table's commit: rows and files added, and the new version (or null when nothing was committed). */
  public RunReport table(String table, long rows, int files, Long version, String detail) {
    String committed = version == null ? "not committed (" + detail + ")" : "committed as version " + version;
    tableLines.add(String.format(Locale.ROOT, "%-28s %,12d rows %5d files  %s", table, rows, files, committed));
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("rows", rows);
    t.put("files", files);
    t.put("version", version);
    tables.put(table, t);
    return this;
  }

  /**
   * Checks that {@code input} equals the sum of {@code parts}; throws {@link BooksDoNotBalanceException} otherwise,
   * so that a run that lost or invented records never commits.
   */
  public RunReport balance(String inputLabel, long input, Map<String, Long> parts) {
    long sum = parts.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "%s %,d = ", inputLabel, input));
    List<String> terms = new ArrayList<>();
    parts.forEach((k, v) -> terms.add(String.format(Locale.ROOT, "%s %,d", k, v)));
    line.append(String.join(" + ", terms));
    if (sum != input) {
      line.append(String.format(Locale.ROOT, "  DOES NOT BALANCE (off by %,d)", input - sum));
      books = line.toString();
      throw new BooksDoNotBalanceException(stage + " run " + runId + ": the books do not balance: " + books);
    }
    books = line.append("  (balanced)").toString();
    return this;
  }

  public double eventsPerSecond() {
    return elapsedMillis == 0 ? 0 : eventsIn * 1000.0 / elapsedMillis;
  }

  /** Prints the summary once (continuous stages print each batch as it ends). */
  public void printOnce() {
    if (!printed) {
      System.out.print(render());
      printed = true;
    }
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "== FinPipe %s run %s on %s: %s in %.1f s (%,.0f events/s, peak heap %,d MiB) ==%n",
            stage,
            runId,
            runner,
            outcome,
            elapsedMillis / 1000.0,
            eventsPerSecond(),
            peakHeapBytes >> 20));
    counts.forEach(
        (k, v) -> out.append(String.format(Locale.ROOT, "  %-40s %,12d%n", k, v)));
    if (!books.isEmpty()) {
      out.append("  books: ").append(books).append(System.lineSeparator());
    }
    for (String line : tableLines) {
      out.append("  ").append(line).append(System.lineSeparator());
    }
    for (String note : notes) {
      out.append("  note: ").append(note).append(System.lineSeparator());
    }
    return out.toString();
  }

  Map<String, Object> toJsonMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stage", stage);
    json.put("runId", runId);
    json.put("runner", runner);
    json.put("outcome", outcome);
    json.put("elapsedMillis", elapsedMillis);
    json.put("eventsIn", eventsIn);
    json.put("backlog", backlog);
    json.put("eventsPerSecond", Math.round(eventsPerSecond()));
    json.put("peakHeapMib", peakHeapBytes >> 20);
    json.put("counts", counts);
    json.put("tables", tables);
    json.put("books", books);
    json.put("notes", notes);
    return json;
  }

  /** Writes reports as a JSON array. */
  public static void writeJson(List<RunReport> reports, Path file) {
    List<Map<String, Object>> array = new ArrayList<>();
    reports.forEach(r -> array.add(r.toJsonMap()));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, Json.write(array) + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the run summary to " + file, e);
    }
  }

  /** Thrown when a run's inputs and outputs do not add up; the run then commits nothing. */
  public static final class BooksDoNotBalanceException extends IllegalStateException {
    BooksDoNotBalanceException(String message) {
      super(message);
    }
  }
}
