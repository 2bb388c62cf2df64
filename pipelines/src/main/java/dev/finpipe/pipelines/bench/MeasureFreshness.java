package dev.finpipe.pipelines.bench;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableVersion;
import dev.finpipe.io.BronzeRows;
import dev.finpipe.io.KafkaRange;
import dev.finpipe.io.Tables;
import dev.finpipe.model.RawRecord;
import dev.finpipe.pipelines.cli.CommandLines;
import dev.finpipe.pipelines.common.Json;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.Warehouses;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * End-to-end freshness of a continuous run, from the Delta logs: for every record of {@code --topic} that bronze
 * holds, the time from its Kafka timestamp (set by the producer when it sent the record) to the commit of the first
 * bronze, silver and gold versions that hold it ({@link LayerVisibility}). Prints and writes (JSON) the median, p95,
 * p99 and max per layer, the same for gold per slice of produce time, and how often each layer committed.
 *
 * <p>With {@code --bootstrapServers} it first waits, up to {@code --awaitSeconds}, until gold holds everything the
 * topic has (the producer must have stopped); records still missing then are counted, not measured. Records produced
 * before {@code --producedFrom} (a warm-up) are not measured.
 *
 * <pre>{@code
 * java @runners-config/jvm.options -cp pipelines/target/classes:$(cat pipelines/target/classpath.txt) \
 *   dev.finpipe.pipelines.bench.MeasureFreshness --warehouse=bench/work/kafka/wh-stream --topic=bench-stream \
 *   --bootstrapServers=127.0.0.1:39092 --output=bench/work/kafka/freshness.json
 * }</pre>
 */
@Command(name = "MeasureFreshness", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time from Kafka to bronze, silver and gold for every record of a continuous run.")
public final class MeasureFreshness implements Callable<Integer> {
  private static final Duration POLL = Duration.ofSeconds(1);
  /** A latency not measured: the layer does not hold the record yet. */
  private static final long NOT_YET = Long.MIN_VALUE;

  @Option(names = "--warehouse", required = true, description = "The warehouse the continuous stages wrote.")
  String warehouse;

  @Option(names = "--topic", defaultValue = "transactions", description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--bootstrapServers",
      description = "host:port of the broker; when given, first wait until gold holds every record of the topic.")
  @Nullable String bootstrapServers;

  @Option(names = "--awaitSeconds", defaultValue = "180",
      description = "How long to wait for gold to catch up (default: ${DEFAULT-VALUE}).")
  int awaitSeconds;

  @Option(names = "--producedFrom", defaultValue = "0",
      description = "Measure only records produced at or after this epoch millisecond (a warm-up before it is not).")
  long producedFrom;

  @Option(names = "--awaitOnly", description = "Only wait for gold to hold every record; measure nothing.")
  boolean awaitOnly;

  @Option(names = "--sliceSeconds", defaultValue = "30",
      description = "Width of the produce-time slices of the breakdown (default: ${DEFAULT-VALUE}).")
  int sliceSeconds;

  @Option(names = "--output", description = "Also write the figures to this JSON file.")
  @Nullable Path output;

  @Spec CommandSpec spec;

  private final PrintStream err;

  MeasureFreshness(PrintStream err) {
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.err, args));
  }

  /** Runs the command line; returns the exit code (0 measured, 1 failed, 2 bad flags). */
  static int execute(PrintStream err, String... args) {
    return CommandLines.execute(new MeasureFreshness(err), err, args);
  }

  @Override
  public Integer call() throws Exception {
    if (awaitSeconds < 0 || sliceSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--awaitSeconds must be >= 0 and --sliceSeconds >= 1");
    }
    warehouse = Warehouses.normalize(warehouse);
    if (bootstrapServers != null) {
      awaitGold(endOffsets());
    } else if (awaitOnly) {
      throw new ParameterException(spec.commandLine(), "--awaitOnly needs --bootstrapServers");
    }
    if (awaitOnly) {
      return 0;
    }
    Map<String, Object> figures = measure(load());
    String json = Json.write(figures);
    if (output != null) {
      if (output.getParent() != null) {
        Files.createDirectories(output.getParent());
      }
      Files.writeString(output, json + System.lineSeparator(), StandardCharsets.UTF_8);
    }
    return 0;
  }

  private LayerVisibility load() {
    return LayerVisibility.of(
        topic,
        DeltaTable.at(warehouse, Tables.BRONZE).history(),
        DeltaTable.at(warehouse, Tables.SILVER).history(),
        List.of(
            DeltaTable.at(warehouse, Tables.GOLD_DAILY_USER_CURRENCY).history(),
            DeltaTable.at(warehouse, Tables.GOLD_DAILY_TOP_USERS).history()));
  }

  /** Polls the logs until gold holds the last offset of every non-empty partition, or the time is up. */
  private void awaitGold(Map<Integer, Long> endOffsets) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(awaitSeconds).toNanos();
    long started = System.nanoTime();
    while (true) {
      LayerVisibility visibility = load();
      List<Integer> behind = endOffsets.entrySet().stream()
          .filter(e -> e.getValue() > 0 && visibility.gold(e.getKey(), e.getValue() - 1) == null)
          .map(Map.Entry::getKey)
          .collect(Collectors.toList());
      if (behind.isEmpty()) {
        err.printf(Locale.ROOT, "MeasureFreshness: gold holds every record of %s %s (waited %.0f s)%n", topic,
            endOffsets, (System.nanoTime() - started) / 1e9);
        return;
      }
      if (System.nanoTime() > deadline) {
        err.println("MeasureFreshness: after " + awaitSeconds + " s gold still lacks records of partitions " + behind
            + "; measuring what it holds");
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private Map<Integer, Long> endOffsets() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (partitions == null || partitions.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
      }
      List<TopicPartition> tps =
          partitions.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
      Map<Integer, Long> ends = new TreeMap<>();
      consumer.endOffsets(tps, Duration.ofSeconds(30)).forEach((tp, end) -> ends.put(tp.partition(), end));
      return ends;
    }
  }

  /** Latencies per layer, for every record of the topic in bronze, and a gold breakdown per slice of produce time. */
  private Map<String, Object> measure(LayerVisibility visibility) {
    String source = KafkaRange.sourceName(topic);
    List<long[]> records = new ArrayList<>(); // kafka timestamp, ms to bronze, to silver, to gold
    TableSnapshots.forEachRow(warehouse, Tables.BRONZE, (date, row) -> {
      RawRecord raw = BronzeRows.fromRecord(row);
      if (!source.equals(raw.getSourceRef().getSource()) || raw.getKafkaTimestamp() == null) {
        return;
      }
      long produced = raw.getKafkaTimestamp().getMillis();
      if (produced < producedFrom) {
        return;
      }
      TableVersion inBronze = visibility.bronze(raw.getSourceRef().getPartition(), raw.getSourceRef().getOffset());
      TableVersion inSilver = inBronze == null ? null : visibility.silver(inBronze);
      Instant inGold = inSilver == null ? null : visibility.gold(inSilver);
      records.add(new long[] {produced, since(produced, inBronze == null ? null : inBronze.committedAt()),
          since(produced, inSilver == null ? null : inSilver.committedAt()), since(produced, inGold)});
    });
    long firstProduced = records.stream().mapToLong(r -> r[0]).min().orElse(0);
    long lastProduced = records.stream().mapToLong(r -> r[0]).max().orElse(0);

    Map<String, Object> layers = new LinkedHashMap<>();
    String[] names = {"bronze", "silver", "gold"};
    for (int layer = 1; layer <= 3; layer++) {
      int column = layer;
      layers.put(names[layer - 1], Percentiles.of(records.stream().mapToLong(r -> r[column]).filter(ms -> ms != NOT_YET).toArray()).summary());
    }
    long notInGold = records.stream().filter(r -> r[3] == NOT_YET).count();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("topic", topic);
    figures.put("warehouse", warehouse);
    figures.put("measured_from", new Instant(producedFrom).toString());
    figures.put("records_measured_in_bronze", records.size());
    figures.put("records_not_yet_in_gold", notInGold);
    figures.put("first_produced", new Instant(firstProduced).toString());
    figures.put("last_produced", new Instant(lastProduced).toString());
    figures.put("freshness_ms", layers);
    figures.put("gold_freshness_by_slice", goldBySlice(records, firstProduced, lastProduced));
    figures.put("commits", commitCadence());

    @SuppressWarnings("unchecked")
    Map<String, Long> gold = (Map<String, Long>) layers.get("gold");
    err.printf(Locale.ROOT, "MeasureFreshness: %,d records of %s produced from %s in bronze, %,d measured in gold, "
        + "%,d not yet in gold%n", records.size(), topic, new Instant(producedFrom), gold.get("count"), notInGold);
    layers.forEach((layer, p) -> err.printf(Locale.ROOT, "  Kafka -> %-6s %s%n", layer, p));
    return figures;
  }

  /** Gold freshness of the records produced in each {@code --sliceSeconds} from the first: how it evolved. */
  private List<Map<String, Object>> goldBySlice(List<long[]> records, long firstProduced, long lastProduced) {
    List<Map<String, Object>> slices = new ArrayList<>();
    long sliceMillis = sliceSeconds * 1000L;
    for (long from = firstProduced; from <= lastProduced; from += sliceMillis) {
      long start = from;
      Map<String, Object> slice = new LinkedHashMap<>();
      slice.put("from_second", (start - firstProduced) / 1000);
      slice.putAll(Percentiles.of(records.stream()
          .filter(r -> r[0] >= start && r[0] < start + sliceMillis && r[3] != NOT_YET).mapToLong(r -> r[3]).toArray()).summary());
      slices.add(slice);
    }
    return slices;
  }

  /**
   * Versions committed per table since {@code --producedFrom} and the median time between consecutive ones, which
   * bounds freshness from below.
   */
  private Map<String, Object> commitCadence() {
    Map<String, Object> cadence = new LinkedHashMap<>();
    for (var spec : List.of(Tables.BRONZE, Tables.SILVER, Tables.GOLD_DAILY_USER_CURRENCY)) {
      List<TableVersion> history = DeltaTable.at(warehouse, spec).history().stream()
          .filter(v -> v.committedAt().getMillis() >= producedFrom).collect(Collectors.toList());
      long[] gaps = new long[Math.max(history.size() - 1, 0)];
      for (int i = 1; i < history.size(); i++) {
        gaps[i - 1] = history.get(i).committedAt().getMillis() - history.get(i - 1).committedAt().getMillis();
      }
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("versions", history.size());
      table.put("median_ms_between_commits", Percentiles.of(gaps).at(50));
      cadence.put(spec.path(), table);
    }
    return cadence;
  }

  private static long since(long producedMillis, @Nullable Instant at) {
    return at == null ? NOT_YET : at.getMillis() - producedMillis;
  }
}
