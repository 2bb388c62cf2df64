package dev.finpipe.io;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.FailedRecord.Stage;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.SourceRef;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Reads exact Kafka offset ranges as a bounded collection of bronze {@link RawRecord}s, each keeping its topic,
 * partition, offset, timestamp and key. KafkaIO's readers are unbounded (streaming) on every runner and start from
 * group offsets or times, whereas an available-now batch must read precisely {@code [start, end)} per partition on a
 * batch runner; so this transform seeks a plain consumer per range chunk. Ranges are split into chunks so large
 * backlogs read in parallel.
 *
 * <p>Unusable records go to the failure output (stage INGEST) with their coordinates: {@code NULL_VALUE},
 * {@code NOT_UTF8} (payload kept with replacement characters), {@code OVERSIZE} (payload kept truncated).
 */
public final class ReadKafkaRanges extends PTransform<PBegin, WithFailures.Result<PCollection<RawRecord>, FailedRecord>> {
  public static final TupleTag<RawRecord> RECORDS = new TupleTag<RawRecord>() {};
  public static final TupleTag<FailedRecord> FAILURES = new TupleTag<FailedRecord>() {};
  public static final String REASON_NULL_VALUE = "NULL_VALUE";

  private final List<KafkaRange> ranges;
  private final Map<String, String> consumerConfig;
  private final Instant ingestedAt;
  private final int maxRecordBytes;
  private final long chunkSize;
  private final Duration stallTimeout;

  private ReadKafkaRanges(
      List<KafkaRange> ranges,
      Map<String, String> consumerConfig,
      Instant ingestedAt,
      int maxRecordBytes,
      long chunkSize,
      Duration stallTimeout) {
    this.ranges = List.copyOf(ranges);
    this.consumerConfig = Map.copyOf(consumerConfig);
    this.ingestedAt = ingestedAt;
    this.maxRecordBytes = maxRecordBytes;
    this.chunkSize = chunkSize;
    this.stallTimeout = stallTimeout;
  }

  /** Reads {@code ranges} with a consumer configured by {@code consumerConfig} (bootstrap servers, security). */
  public static ReadKafkaRanges of(List<KafkaRange> ranges, Map<String, String> consumerConfig) {
    return new ReadKafkaRanges(ranges, consumerConfig, Instant.now(), 1024 * 1024, 250_000, Duration.ofMinutes(2));
  }

  public ReadKafkaRanges ingestedAt(Instant instant) {
    return new ReadKafkaRanges(ranges, consumerConfig, instant, maxRecordBytes, chunkSize, stallTimeout);
  }

  public ReadKafkaRanges withMaxRecordBytes(int bytes) {
    return new ReadKafkaRanges(ranges, consumerConfig, ingestedAt, bytes, chunkSize, stallTimeout);
  }

  public ReadKafkaRanges withChunkSize(long offsets) {
    return new ReadKafkaRanges(ranges, consumerConfig, ingestedAt, maxRecordBytes, offsets, stallTimeout);
  }

  /** How long a chunk may make no progress (broker unreachable) before the read, and so the run, fails. */
  public ReadKafkaRanges withStallTimeout(Duration timeout) {
    return new ReadKafkaRanges(ranges, consumerConfig, ingestedAt, maxRecordBytes, chunkSize, timeout);
  }

  /** Splits ranges into chunks of at most {@code chunkSize} offsets. */
  static List<KafkaRange> chunks(List<KafkaRange> ranges, long chunkSize) {
    List<KafkaRange> chunks = new ArrayList<>();
    for (KafkaRange range : ranges) {
      for (long start = range.getStartOffset(); start < range.getEndOffset(); start += chunkSize) {
        chunks.add(KafkaRange.of(range.getTopic(), range.getPartition(), start, Math.min(range.getEndOffset(), start + chunkSize)));
      }
    }
    return chunks;
  }

  @Override
  public WithFailures.Result<PCollection<RawRecord>, FailedRecord> expand(PBegin begin) {
    PCollectionTuple read =
        begin
            .apply("ListChunks", Create.of(chunks(ranges, chunkSize)).withCoder(ModelCoders.of(begin.getPipeline(), KafkaRange.class)))
            .apply("SpreadChunks", Reshuffle.viaRandomKey())
            .apply(
                "ReadChunks",
                ParDo.of(new ReadChunkFn(consumerConfig, ingestedAt, maxRecordBytes, stallTimeout))
                    .withOutputTags(RECORDS, TupleTagList.of(FAILURES)));
    return ModelCoders.outputsOrFailures(read, RECORDS, RawRecord.class, FAILURES);
  }

  static final class ReadChunkFn extends DoFn<KafkaRange, RawRecord> {
    private final Map<String, String> consumerConfig;
    private final Instant ingestedAt;
    private final int maxRecordBytes;
    private final Duration stallTimeout;
    private final Counter read = Metrics.counter(ReadKafkaRanges.class, "records_read");
    private final Counter nullValues = Metrics.counter(ReadKafkaRanges.class, "failed_null_value");
    private final Counter notUtf8 = Metrics.counter(ReadKafkaRanges.class, "failed_not_utf8");
    private final Counter oversize = Metrics.counter(ReadKafkaRanges.class, "failed_oversize");
    private transient KafkaConsumer<byte[], byte[]> consumer;

    ReadChunkFn(Map<String, String> consumerConfig, Instant ingestedAt, int maxRecordBytes, Duration stallTimeout) {
      this.consumerConfig = consumerConfig;
      this.ingestedAt = ingestedAt;
      this.maxRecordBytes = maxRecordBytes;
      this.stallTimeout = stallTimeout;
    }

    @Setup
    public void setup() {
      Map<String, Object> config = new HashMap<>(consumerConfig);
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // offsets live in the Delta log
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
      config.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
      config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
      consumer = new KafkaConsumer<>(config);
    }

    @Teardown
    public void teardown() {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    @ProcessElement
    public void process(@Element KafkaRange range, MultiOutputReceiver out) {
      TopicPartition tp = new TopicPartition(range.getTopic(), range.getPartition());
      String source = KafkaRange.sourceName(range.getTopic());
      consumer.assign(List.of(tp));
      consumer.seek(tp, range.getStartOffset());
      long lastProgress = System.nanoTime();
      while (consumer.position(tp) < range.getEndOffset()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
            throw new IllegalStateException(
                "No progress reading " + tp + " at offset " + consumer.position(tp) + " (range ends at "
                    + range.getEndOffset() + ") for " + stallTimeout.toSeconds() + " s: is the broker reachable?");
          }
          continue;
        }
        lastProgress = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
          if (record.offset() >= range.getEndOffset()) {
            break;
          }
          emit(record, SourceRef.of(source, record.partition(), record.offset()), out);
        }
      }
    }

    private void emit(ConsumerRecord<byte[], byte[]> record, SourceRef ref, MultiOutputReceiver out) {
      read.inc();
      Instant timestamp = new Instant(record.timestamp());
      String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
      byte[] value = record.value();
      if (value == null) {
        nullValues.inc();
        fail(out, REASON_NULL_VALUE, "Kafka record has a null value", "", false, ref, timestamp, key);
        return;
      }
      if (value.length > maxRecordBytes) {
        oversize.inc();
        String cut = new String(value, 0, maxRecordBytes, StandardCharsets.UTF_8);
        fail(out, ReadJsonLines.REASON_OVERSIZE, "Record is " + value.length + " bytes, over the limit of " + maxRecordBytes,
            cut, true, ref, timestamp, key);
        return;
      }
      String payload;
      try {
        payload =
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(value))
                .toString();
      } catch (CharacterCodingException e) {
        notUtf8.inc();
        fail(out, ReadJsonLines.REASON_NOT_UTF8, "Record is not valid UTF-8 (shown with replacement characters)",
            new String(value, StandardCharsets.UTF_8), false, ref, timestamp, key);
        return;
      }
      out.get(RECORDS)
          .output(
              RawRecord.builder()
                  .setPayload(payload)
                  .setSourceRef(ref)
                  .setIngestedAt(ingestedAt)
                  .setKafkaTimestamp(timestamp)
                  .setKafkaKey(key)
                  .build());
    }

    private void fail(
        MultiOutputReceiver out,
        String reason,
        String error,
        String payload,
        boolean truncated,
        SourceRef ref,
        Instant timestamp,
        @Nullable String key) {
      RawRecord raw =
          RawRecord.builder().setPayload(payload).setSourceRef(ref).setIngestedAt(ingestedAt)
              .setKafkaTimestamp(timestamp).setKafkaKey(key).build();
      FailedRecord failed = FailedRecord.of(Stage.INGEST, List.of(reason), error, raw);
      out.get(FAILURES).output(truncated ? failed.toBuilder().setPayloadTruncated(true).build() : failed);
    }
  }
}
