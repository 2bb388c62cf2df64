package dev.finpipe.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.generate.ChangeGenerator;
import dev.finpipe.pipelines.generate.GeneratedDomain;
import dev.finpipe.pipelines.generate.GeneratorSettings;
import dev.finpipe.pipelines.generate.TransactionGenerator;
import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The warehouse the dashboard tests read, built once per test JVM by the real stages on the DirectRunner the way
 * {@code make demo-files} does: three days of generated events with duplicates and invalid records, then a day with
 * late events; plus a record whose id is HTML, to prove payloads are shown escaped. The first round also brings the
 * customers and accounts of the same seed, so gold's segment volume has segments. Also computes what the pages
 * should show straight from the tables' rows (Avro readers, not DuckDB), for the tests to compare against.
 */
final class DemoWarehouse {
  /** A record the rules refuse (its id is not of [A-Za-z0-9_-]) and whose payload would be markup if not escaped. */
  static final String HTML_ID = "<img src=x onerror=alert(1)>";

  private static DemoWarehouse instance;

  final String warehouse;
  private final Path input;
  private int round;
  /** The input rounds (files round-1 … round-n) the medallion took to silver; later ones only reach bronze. */
  private int throughSilver;

  private DemoWarehouse(Path dir) {
    this.warehouse = dir.resolve("warehouse").toString();
    this.input = dir.resolve("input");
  }

  static synchronized DemoWarehouse get() {
    if (instance == null) {
      try {
        Path dir = Path.of("target", "demo-warehouse").toAbsolutePath();
        deleteRecursively(dir.toFile());
        Files.createDirectories(dir.resolve("input"));
        DemoWarehouse demo = new DemoWarehouse(dir);
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (GeneratedDomain dimension : List.of(GeneratedDomain.CUSTOMERS, GeneratedDomain.ACCOUNTS)) {
          String name = dimension.name().toLowerCase(java.util.Locale.ROOT);
          Path domainInput = Files.createDirectories(demo.input.resolve(name));
          List<String> lines = new ArrayList<>();
          ChangeGenerator.create(demo.settings(0, 1, 3, 0.0, end), dimension).forEachRemaining(lines::add);
          Files.write(domainInput.resolve("changes.jsonl"), lines, StandardCharsets.UTF_8);
          RunMedallion.run(PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=2",
              "--warehouse=" + demo.warehouse, "--domains=" + name, "--input=" + domainInput + "/*.jsonl")
              .as(RunMedallion.Options.class));
        }
        demo.generate(160, 1, 3, 0.0, end, "{\"transaction_id\":\"" + HTML_ID.replace("\"", "\\\"") + "\","
            + "\"account_id\":\"ACC-1\",\"user_id\":\"U-1\",\"amount\":\"1.00\",\"currency\":\"PEN\",\"type\":\"PURCHASE\","
            + "\"status\":\"APPROVED\",\"event_time\":\"" + end.minus(1, ChronoUnit.HOURS) + "\"}");
        RunMedallion.run(demo.options());
        demo.generate(60, 2, 1, 0.15, end, null);
        RunMedallion.run(demo.options());
        demo.throughSilver = demo.round;
        instance = demo;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private GeneratorSettings settings(int count, long seed, int days, double lateRate, Instant end) {
    return GeneratorSettings.builder()
        .setCount(count)
        .setSeed(seed)
        .setUsers(40)
        .setDays(days)
        .setEnd(end)
        .setDuplicateRate(0.05)
        .setInvalidRate(0.08)
        .setLateRate(lateRate)
        .build();
  }

  private void generate(int count, long seed, int days, double lateRate, Instant end, String extraLine) throws IOException {
    List<String> lines = TransactionGenerator.create(settings(count, seed, days, lateRate, end)).stream()
        .collect(Collectors.toCollection(ArrayList::new));
    if (extraLine != null) {
      lines.add(extraLine);
    }
    Files.write(input.resolve("round-" + (++round) + ".jsonl"), lines, StandardCharsets.UTF_8);
  }

  /** One more bronze commit by the real bronze stage: a new file of {@code count} events. */
  void ingestMore(int count) throws IOException {
    generate(count, 100 + round, 1, 0.0, Instant.now().truncatedTo(ChronoUnit.SECONDS), null);
    BronzeFromFiles.run(options());
  }

  private RunMedallion.Options options() {
    return PipelineOptionsFactory.fromArgs(
            "--runner=DirectRunner", "--targetParallelism=2", "--warehouse=" + warehouse, "--input=" + input + "/*.jsonl")
        .as(RunMedallion.Options.class);
  }

  long version(TableSpec spec) {
    return DeltaTable.at(warehouse, spec).version();
  }

  List<GenericRecord> rows(TableSpec spec) {
    return TableSnapshots.rows(warehouse, spec);
  }

  /** Partition value → rows, for the tables whose partition is not a column of the rows. */
  Map<String, List<GenericRecord>> rowsByPartition(TableSpec spec) {
    Map<String, List<GenericRecord>> out = new TreeMap<>();
    TableSnapshots.forEachRow(warehouse, spec, (p, r) -> out.computeIfAbsent(p, k -> new ArrayList<>()).add(r));
    return out;
  }

  /** Silver's transactions per event date and currency: count and sum of amounts, as gold must have them. */
  Map<String, long[]> silverCountsPerDateAndCurrency() {
    Map<String, long[]> out = new TreeMap<>();
    rowsByPartition(Tables.SILVER)
        .forEach((date, rows) -> rows.forEach(r -> out.computeIfAbsent(date + " " + r.get("currency"), k -> new long[1])[0]++));
    return out;
  }

  /** Per event date, currency and user: the sum of silver amounts (gold's ranking input, computed here again). */
  Map<String, BigDecimal> silverTotalsPerDateCurrencyUser() {
    Map<String, BigDecimal> out = new TreeMap<>();
    rowsByPartition(Tables.SILVER)
        .forEach(
            (date, rows) ->
                rows.forEach(
                    r ->
                        out.merge(
                            date + " " + r.get("currency") + " " + r.get("user_id"),
                            AvroValues.decimal(r, "amount", Tables.AMOUNT_SCALE),
                            BigDecimal::add)));
    return out;
  }

  /**
   * gold/daily_segment_volume summed over dates per "segment account_type currency": count, total amount, approved,
   * declined, read with the Avro readers.
   */
  Map<String, List<BigDecimal>> segmentTotals() {
    Map<String, List<BigDecimal>> out = new TreeMap<>();
    for (GenericRecord r : rows(Tables.GOLD_DAILY_SEGMENT_VOLUME)) {
      List<BigDecimal> sums = out.computeIfAbsent(r.get("segment") + " " + r.get("account_type") + " " + r.get("currency"),
          k -> new ArrayList<>(List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO)));
      sums.set(0, sums.get(0).add(BigDecimal.valueOf((Long) r.get("tx_count"))));
      sums.set(1, sums.get(1).add(AvroValues.decimal(r, "total_amount", Tables.AMOUNT_SCALE)));
      sums.set(2, sums.get(2).add(BigDecimal.valueOf((Long) r.get("approved_count"))));
      sums.set(3, sums.get(3).add(BigDecimal.valueOf((Long) r.get("declined_count"))));
    }
    return out;
  }

  /** Quarantined records per "stage reason" (a record counts once per reason). */
  Map<String, Long> quarantinePerStageAndReason() {
    return quarantinePerStageAndReason(Tables.QUARANTINE);
  }

  /** Quarantined records of a quarantine table per "stage reason". */
  Map<String, Long> quarantinePerStageAndReason(TableSpec quarantine) {
    Map<String, Long> out = new TreeMap<>();
    for (GenericRecord r : rows(quarantine)) {
      for (String reason : r.get("reasons").toString().split(",")) {
        out.merge(r.get("stage") + " " + reason, 1L, Long::sum);
      }
    }
    return out;
  }

  /**
   * Duplicates per event date, from the input files and the tables' rows: every input record whose (id, UTC event
   * date) is kept in silver is a copy of that row, so the copies beyond the one kept, less those of that id and date
   * quarantined (late or refused copies are not duplicates), were dropped as duplicates. Dedupe windows are one UTC
   * day (the default), so (id, date) is the dedupe key.
   */
  Map<String, Long> duplicatesPerDate() throws IOException {
    Map<String, Long> copies = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (int r = 1; r <= throughSilver; r++) {
      for (String line : Files.readAllLines(input.resolve("round-" + r + ".jsonl"), StandardCharsets.UTF_8)) {
        String key = idAndDate(json, line);
        if (key != null) {
          copies.merge(key, 1L, Long::sum);
        }
      }
    }
    Map<String, Long> quarantinedCopies = new TreeMap<>();
    rowsByPartition(Tables.QUARANTINE).forEach((date, rows) -> rows.stream()
        .filter(q -> q.get("transaction_id") != null)
        .forEach(q -> quarantinedCopies.merge(q.get("transaction_id") + " " + date, 1L, Long::sum)));
    Map<String, Long> out = new TreeMap<>();
    rowsByPartition(Tables.SILVER).forEach((date, rows) -> rows.forEach(row -> {
      String key = row.get("transaction_id") + " " + date;
      long dropped = copies.getOrDefault(key, 0L) - 1 - quarantinedCopies.getOrDefault(key, 0L);
      if (dropped > 0) {
        out.merge(date, dropped, Long::sum);
      }
    }));
    return out;
  }

  /**
   * "id date" of an input line with a string id and an event time as the contract allows it (ISO-8601 with an offset,
   * or epoch milliseconds as a number or a digit string), else null (the parse step refuses those).
   */
  private static String idAndDate(ObjectMapper json, String line) {
    try {
      JsonNode node = json.readTree(line);
      JsonNode id = node.get("transaction_id");
      JsonNode time = node.get("event_time");
      if (id == null || !id.isTextual() || time == null) {
        return null;
      }
      Instant at;
      if (time.isIntegralNumber()) {
        at = Instant.ofEpochMilli(time.asLong());
      } else if (time.isTextual() && time.asText().matches("-?[0-9]{1,16}")) {
        at = Instant.ofEpochMilli(Long.parseLong(time.asText()));
      } else if (time.isTextual()) {
        at = OffsetDateTime.parse(time.asText()).toInstant();
      } else {
        return null;
      }
      return id.asText() + " " + at.atZone(ZoneOffset.UTC).toLocalDate();
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  long quarantined(boolean late) {
    return rows(Tables.QUARANTINE).stream().filter(r -> "LATE".equals(r.get("stage").toString()) == late).count();
  }

  static void deleteRecursively(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) {
        deleteRecursively(child);
      }
    }
    file.delete();
  }
}
