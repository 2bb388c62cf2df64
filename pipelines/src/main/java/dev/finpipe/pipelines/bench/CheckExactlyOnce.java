package dev.finpipe.pipelines.bench;

import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.medallion.CompareWarehouses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
 * warehouse that ran the same history unkilled ({@link CompareWarehouses}: every column but the ingest time, since a
 * restart ingests later, and a LATE record's error text, which quotes its batch's cutoff).
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
    failures += compareTables();
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

  /** Every table against the reference, row for row (see {@link CompareWarehouses}). */
  private int compareTables() {
    List<String> summary = new ArrayList<>();
    List<String> differences = CompareWarehouses.differences(warehouse, reference, summary);
    summary.forEach(line -> System.out.println("CheckExactlyOnce: " + line));
    differences.forEach(line -> System.out.println("  differs: " + line));
    return differences.size();
  }
}
