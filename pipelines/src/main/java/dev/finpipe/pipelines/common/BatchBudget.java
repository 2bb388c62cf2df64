package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.KafkaRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The most records one micro-batch takes ({@code --maxRecordsPerTrigger}), Spark's {@code maxOffsetsPerTrigger} for
 * every stage that reads a backlog: a first tick after a long stop, or an available-now run over a day of Kafka,
 * becomes several batches of bounded size (bounded heap, each committed on its own) instead of one that does not
 * fit. What a batch leaves is its {@link RunReport#backlog()}; {@link TriggerLoop} runs the next batch at once.
 */
public final class BatchBudget {
  private final long maxRecords;

  private BatchBudget(long maxRecords) {
    this.maxRecords = maxRecords;
  }

  public static BatchBudget of(ContinuousOptions options) {
    return of(options.getMaxRecordsPerTrigger());
  }

  /** {@code maxRecords} per batch; 0 takes everything available. */
  public static BatchBudget of(long maxRecords) {
    if (maxRecords < 0) {
      throw new IllegalArgumentException(
          "--maxRecordsPerTrigger=" + maxRecords + " is negative: give the most records one batch takes, or 0 for no limit");
    }
    return new BatchBudget(maxRecords);
  }

  public boolean limited() {
    return maxRecords > 0;
  }

  /**
   * The Kafka ranges of one batch: all of {@code ranges} when they fit, else at most the budget, shared among the
   * partitions in proportion to their lag (as Spark shares {@code maxOffsetsPerTrigger}), so no partition starves.
   * Every range starts where it did; a partition whose share rounds to nothing waits for the next batch.
   */
  public List<KafkaRange> take(List<KafkaRange> ranges) {
    long total = ranges.stream().mapToLong(KafkaRange::size).sum();
    if (!limited() || total <= maxRecords) {
      return ranges;
    }
    long[] shares = new long[ranges.size()];
    long given = 0;
    for (int i = 0; i < shares.length; i++) {
      // maxRecords * size can pass Long.MAX_VALUE for a topic retained for years.
      shares[i] = BigInteger.valueOf(maxRecords).multiply(BigInteger.valueOf(ranges.get(i).size()))
          .divide(BigInteger.valueOf(total)).longValueExact();
      given += shares[i];
    }
    // What the rounding down left goes one record each to the partitions in order, so the batch is exactly the budget.
    for (int i = 0; given < maxRecords; i = (i + 1) % shares.length) {
      if (shares[i] < ranges.get(i).size()) {
        shares[i]++;
        given++;
      }
    }
    List<KafkaRange> taken = new ArrayList<>();
    for (int i = 0; i < shares.length; i++) {
      KafkaRange range = ranges.get(i);
      if (shares[i] > 0) {
        taken.add(KafkaRange.of(range.getTopic(), range.getPartition(), range.getStartOffset(),
            range.getStartOffset() + shares[i]));
      }
    }
    return taken;
  }

  /**
   * The source versions of one batch of a consumer that consumed up to {@code consumed} (−1: nothing yet), the
   * source being at {@code latest}: whole versions, as many as fit the budget and always at least one, so a version
   * larger than the budget still goes through (alone).
   */
  public Versions take(DeltaTable source, long consumed, long latest) {
    List<DataFile> files = source.filesAddedBetween(consumed, latest);
    if (!limited() || rows(files) <= maxRecords) {
      return new Versions(latest, files, 0);
    }
    long upTo = consumed;
    long rows = 0;
    long left = 0;
    boolean taking = true; // until the first version that does not fit: versions are never taken out of order
    for (Map.Entry<Long, Long> version : source.rowsAddedByVersion(consumed, latest).entrySet()) {
      taking &= upTo == consumed || rows + version.getValue() <= maxRecords;
      if (taking) {
        upTo = version.getKey();
        rows += version.getValue();
      } else {
        left += version.getValue();
      }
    }
    return new Versions(upTo, source.filesAddedBetween(consumed, upTo), left);
  }

  private static long rows(List<DataFile> files) {
    return files.stream().mapToLong(DataFile::numRecords).sum();
  }

  /** The source versions a batch takes: up to {@link #upTo}, their files, and the rows later versions hold. */
  public static final class Versions {
    public final long upTo;
    public final List<DataFile> files;
    public final long rowsLeft;

    Versions(long upTo, List<DataFile> files, long rowsLeft) {
      this.upTo = upTo;
      this.files = files;
      this.rowsLeft = rowsLeft;
    }
  }
}
