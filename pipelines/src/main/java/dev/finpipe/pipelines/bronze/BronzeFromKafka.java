package dev.finpipe.pipelines.bronze;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.io.KafkaRange;
import dev.finpipe.io.ReadKafkaRanges;
import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.options.InputOptions;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.BatchBudget;
import dev.finpipe.pipelines.common.DomainOptions;
import dev.finpipe.pipelines.common.DomainSettings;
import dev.finpipe.pipelines.common.ContinuousOptions;
import dev.finpipe.pipelines.common.PipelineRuns;
import dev.finpipe.pipelines.common.RunOptions;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.StageRun;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.kafka.KafkaClientProperties;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Instant;

/**
 * Bronze from Kafka, exactly once: each batch reads, per partition, from the offset recorded in bronze's Delta log up
 * to the end offset seen when the batch starts, and commits the rows <em>and</em> the new offsets (one
 * {@code SetTransaction} per topic-partition, {@code kafka:<topic>/<partition>} → next offset) in one atomic Delta
 * version. A crash before that commit means the same range is read again; after it, the range is skipped. A
 * partition added to the topic later is picked up from its first offset. A batch reads at most
 * {@code --maxRecordsPerTrigger} offsets (see {@link BatchBudget}); the rest is the next batch's.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.bronze.BronzeFromKafka \
 *   -Dexec.args="--runner=SparkRunner --kafkaConfig=runners-config/dev/kafka.properties --topic=transactions \
 *   --warehouse=data/dev [--continuous --triggerInterval=10s]"
 * }</pre>
 */
public final class BronzeFromKafka {
  /** Options of the Kafka bronze stage. */
  public interface Options
      extends WarehouseOptions, KafkaOptions, InputOptions, RunOptions, ContinuousOptions, DomainOptions {}

  private BronzeFromKafka() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> TriggerLoop.run("bronze", options,
        AutoCompact.after(Warehouses.normalize(options.getWarehouse()), options.getAutoCompact(), () -> run(options))), options);
  }

  /** The app id of bronze commits from a topic. */
  public static String appId(String topic) {
    return "finpipe-bronze-kafka:" + topic;
  }

  /** The progress marker of one partition; its version is the next offset to read. */
  public static String progressId(String topic, int partition) {
    return "kafka:" + topic + "/" + partition;
  }

  public static void build(Pipeline pipeline, Options options, Domain<?> domain, List<KafkaRange> ranges,
      Map<String, String> consumerConfig, String runId, Instant ingestedAt) {
    WithFailures.Result<PCollection<RawRecord>, FailedRecord> records =
        pipeline.apply(
            "ReadKafkaRanges",
            ReadKafkaRanges.of(ranges, consumerConfig).ingestedAt(ingestedAt).withMaxRecordBytes(options.getMaxRecordBytes()));
    BronzeCommits.write(records, domain, Warehouses.normalize(options.getWarehouse()), runId);
  }

  /** One run for the domain {@code --domain} names; its topic must exist. */
  public static RunReport run(Options options) {
    return run(options, DomainSettings.forStage(options), true);
  }

  /**
   * One run of {@code settings}' domain. A topic that does not exist is an error when {@code topicRequired} (a run
   * of one domain: a wrong --topic should say so), else the domain has nothing to ingest yet (a medallion of every
   * domain, some of whose sources have not started).
   */
  public static RunReport run(Options options, DomainSettings settings, boolean topicRequired) {
    Domain<?> domain = settings.domain();
    String topic = settings.topic();
    Map<String, String> consumerConfig = consumerConfig(options);
    BatchBudget budget = BatchBudget.of(options); // a bad --maxRecordsPerTrigger stops here, before any work
    StageRun run = StageRun.start(options, "bronze", domain.stageLabel("bronze"), appId(topic));
    RunReport report = run.report();

    DeltaTable bronze = DeltaTable.at(run.warehouse(), domain.bronze());
    List<KafkaRange> available = new ArrayList<>();
    long skippedByRetention = 0;
    Duration timeout =
        Duration.ofMillis(Long.parseLong(consumerConfig.getOrDefault(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000")));
    try (KafkaConsumer<byte[], byte[]> consumer = planningConsumer(consumerConfig)) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
      if (partitions == null || partitions.isEmpty()) {
        String missing = "topic " + topic + " does not exist at "
            + consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " (create it with `make kafka-topic TOPIC="
            + topic + "`, or check --topic)";
        if (topicRequired) {
          throw new IllegalStateException(missing);
        }
        return run.nothingToDo(missing);
      }
      List<TopicPartition> tps =
          partitions.stream().map(p -> new TopicPartition(topic, p.partition())).sorted((a, b) -> a.partition() - b.partition())
              .collect(Collectors.toList());
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(tps, timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps, timeout);
      for (TopicPartition tp : tps) {
        long next = bronze.appVersion(progressId(topic, tp.partition()));
        long begin = beginnings.get(tp);
        long from = next < 0 ? begin : Math.max(next, begin);
        if (next >= 0 && begin > next) {
          skippedByRetention += begin - next;
        }
        report.lag(topic + "/" + tp.partition(), ends.get(tp) - from);
        if (from < ends.get(tp)) {
          available.add(KafkaRange.of(topic, tp.partition(), from, ends.get(tp)));
        }
      }
    }
    report.count("partitions with new records", available.size());
    if (skippedByRetention > 0) {
      report.note(skippedByRetention + " offsets were deleted by Kafka retention before bronze read them");
    }
    if (available.isEmpty()) {
      return run.nothingToDo("no new records in " + topic);
    }
    List<KafkaRange> ranges = budget.take(available);
    long appVersion = bronze.appVersion(appId(topic)) + 1;
    long offsets = ranges.stream().mapToLong(KafkaRange::size).sum();
    report.backlog(available.stream().mapToLong(KafkaRange::size).sum() - offsets);

    Instant ingestedAt = Instant.now();
    PipelineResult result = run.runPipeline(BronzeCommits.tables(domain),
        p -> build(p, options, domain, ranges, consumerConfig, run.runId(), ingestedAt), ReadKafkaRanges.class,
        "records_read");

    long read = PipelineRuns.counter(result, ReadKafkaRanges.class, "records_read");
    report
        .count("offsets in range", offsets)
        .count("records read", read)
        .count("quarantined NULL_VALUE", PipelineRuns.counter(result, ReadKafkaRanges.class, "failed_null_value"))
        .count("quarantined NOT_UTF8", PipelineRuns.counter(result, ReadKafkaRanges.class, "failed_not_utf8"))
        .count("quarantined OVERSIZE", PipelineRuns.counter(result, ReadKafkaRanges.class, "failed_oversize"))
        .eventsIn(read);
    Map<String, Long> progress = new LinkedHashMap<>();
    ranges.forEach(r -> progress.put(progressId(topic, r.getPartition()), r.getEndOffset()));
    BronzeCommits.balanceAndCommit(domain, result, read, run, appVersion, progress, Map.of());
    return run.finish();
  }

  static Map<String, String> consumerConfig(Options options) {
    Properties properties;
    try {
      properties = KafkaClientProperties.load(Paths.get(options.getKafkaConfig()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read --kafkaConfig=" + options.getKafkaConfig(), e);
    }
    Map<String, String> config = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> config.put(k, properties.getProperty(k)));
    if (options.getBootstrapServers() != null) {
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.getBootstrapServers());
    }
    if (!config.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("No bootstrap.servers in " + options.getKafkaConfig() + " and no --bootstrapServers");
    }
    // Producer-only keys in a shared file would make the consumer warn; keep what a consumer understands.
    config.keySet().retainAll(ConsumerConfig.configNames());
    return config;
  }

  private static KafkaConsumer<byte[], byte[]> planningConsumer(Map<String, String> config) {
    Map<String, Object> c = new LinkedHashMap<>(config);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(c);
  }
}
