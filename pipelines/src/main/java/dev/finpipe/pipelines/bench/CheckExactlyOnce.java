package dev.finpipe.pipelines.bench;

import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.TableSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The verdict of {@code make chaos}: a warehouse whose stages were SIGKILLed and restarted holds every Kafka offset
 * of the topic exactly once across bronze and bronze's quarantine, and every table equals, row for row, a reference
 * warehouse that ran the same history unkilled. Rows are compared on every column but the ingest time (a restart
 * ingests later) and the wording of a LATE record's error (it quotes the cutoff of the batch that judged it).
 * Exits 1 with the differences when anything was lost or duplicated.
 */
@Command(name = "CheckExactlyOnce", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Checks a killed-and-restarted warehouse against the topic and an unkilled reference.")
public final class CheckExactlyOnce implements Callable<Integer> {
  @Option(names = "--warehouse", required = true, description = "The warehouse whose stages were killed.")
  String warehouse;

  @Option(names = "--reference", required = true, description = "The warehouse of the same history, unkilled.")
  String reference;

  @Option(names = "--topic", required = true, description = "The topic bronze read.")
  String topic;

  @Option(names = "--bootstrapServers", required = true, description = "The broker, host:port.")
  String bootstrapServers;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CheckExactlyOnce()).execute(args));
  }

  @Override
  public Integer call() {
    int failures = checkOffsets();
    for (TableSpec spec : Tables.ALL) {
      failures += compare(spec);
    }
    System.out.println(failures == 0
        ? "CheckExactlyOnce: PASS: 0 lost, 0 duplicated, every table equals the unkilled reference"
        : "CheckExactlyOnce: FAIL: " + failures + " check(s) failed");
    return failures == 0 ? 0 : 1;
  }

  /** Each offset of each partition, from the first to the end offset, once in bronze or bronze's quarantine. */
  private int checkOffsets() {
    Map<Integer, Map<Long, Integer>> held = new TreeMap<>();
    String source = "kafka://" + topic;
    TableSnapshots.forEachRow(warehouse, Tables.BRONZE, (p, r) -> hold(held, source, r));
    TableSnapshots.forEachRow(warehouse, Tables.QUARANTINE, (p, r) -> {
      if ("INGEST".equals(r.get("stage").toString())) {
        hold(held, source, r);
      }
    });
    int failures = 0;
    for (Map.Entry<TopicPartition, long[]> range : offsetRanges().entrySet()) {
      int partition = range.getKey().partition();
      Map<Long, Integer> counts = held.getOrDefault(partition, Map.of());
      long lost = 0;
      long duplicated = 0;
      for (long offset = range.getValue()[0]; offset < range.getValue()[1]; offset++) {
        int n = counts.getOrDefault(offset, 0);
        lost += n == 0 ? 1 : 0;
        duplicated += Math.max(0, n - 1);
      }
      long outside = counts.keySet().stream().filter(o -> o < range.getValue()[0] || o >= range.getValue()[1]).count();
      System.out.printf(Locale.ROOT, "CheckExactlyOnce: %s/%d offsets %,d..%,d: %,d held, %d lost, %d duplicated, %d outside%n",
          topic, partition, range.getValue()[0], range.getValue()[1], counts.size(), lost, duplicated, outside);
      failures += lost + duplicated + outside > 0 ? 1 : 0;
    }
    return failures;
  }

  private static void hold(Map<Integer, Map<Long, Integer>> held, String source, GenericRecord r) {
    if (source.equals(r.get("source").toString())) {
      held.computeIfAbsent((Integer) r.get("source_partition"), p -> new HashMap<>())
          .merge((Long) r.get("source_offset"), 1, Integer::sum);
    }
  }

  private Map<TopicPartition, long[]> offsetRanges() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, long[]> ranges = new TreeMap<>((a, b) -> a.partition() - b.partition());
      partitions.forEach(tp -> ranges.put(tp, new long[] {begin.get(tp), end.get(tp)}));
      return ranges;
    }
  }

  private int compare(TableSpec spec) {
    List<String> killed = rows(warehouse, spec);
    List<String> unkilled = rows(reference, spec);
    List<String> missing = minus(unkilled, killed);
    List<String> extra = minus(killed, unkilled);
    System.out.printf(Locale.ROOT, "CheckExactlyOnce: %-28s %,9d rows, reference %,9d: %d missing, %d extra%n",
        spec.path(), killed.size(), unkilled.size(), missing.size(), extra.size());
    missing.stream().limit(3).forEach(r -> System.out.println("  missing: " + r));
    extra.stream().limit(3).forEach(r -> System.out.println("  extra:   " + r));
    return missing.isEmpty() && extra.isEmpty() ? 0 : 1;
  }

  /** The multiset difference {@code a - b}. */
  private static List<String> minus(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
    b.forEach(r -> counts.merge(r, 1, Integer::sum));
    List<String> rest = new ArrayList<>();
    for (String r : a) {
      if (counts.merge(r, -1, Integer::sum) < 0) {
        rest.add(r);
      }
    }
    return rest;
  }

  private static List<String> rows(String warehouse, TableSpec spec) {
    List<String> rows = new ArrayList<>();
    TableSnapshots.forEachRow(warehouse, spec, (partition, r) -> rows.add(partition + " " + render(r)));
    rows.sort(null);
    return rows;
  }

  private static String render(GenericRecord r) {
    boolean late = r.getSchema().getField("stage") != null && "LATE".equals(r.get("stage").toString());
    List<String> values = new ArrayList<>();
    for (Schema.Field field : r.getSchema().getFields()) {
      String name = field.name();
      if (name.equals("ingested_at") || (late && name.equals("error"))) {
        continue;
      }
      values.add(name + "=" + r.get(name));
    }
    return String.join("|", values);
  }
}
