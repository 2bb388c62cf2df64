package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.Comparator;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * Where a record came from: a file and line, or a Kafka topic, partition and offset. Kept on every row from bronze to
 * quarantine so a refused record can be traced back to its origin.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SourceRef implements Serializable {
  /**
   * Source, then partition, then offset (or line) as numbers: the order the copies of a record arrived in within a
   * source, so a stream (which keeps the copy it saw first) and one batch over the same input keep the same copy.
   */
  public static final Comparator<SourceRef> ORDER = Comparator.comparing(SourceRef::getSource)
      .thenComparingInt(SourceRef::getPartition).thenComparingLong(SourceRef::getOffset);

  /** Partition value used for sources that have no partitions (files). */
  public static final int NO_PARTITION = -1;

  /** File path, or {@code kafka://topic}. */
  public abstract String getSource();

  /** Kafka partition, or {@link #NO_PARTITION} for files. */
  public abstract int getPartition();

  /** Kafka offset, or 1-based line number in a file. */
  public abstract long getOffset();

  public static SourceRef of(String source, int partition, long offset) {
    return builder().setSource(source).setPartition(partition).setOffset(offset).build();
  }

  /** Beam's schema inference builds instances through this builder. */
  public static Builder builder() {
    return new AutoValue_SourceRef.Builder();
  }

  /** Builder for {@link SourceRef}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(String source);

    public abstract Builder setPartition(int partition);

    public abstract Builder setOffset(long offset);

    public abstract SourceRef build();
  }

  public static SourceRef fileLine(String path, long lineNumber) {
    return of(path, NO_PARTITION, lineNumber);
  }

  @Override
  public final String toString() {
    return getPartition() == NO_PARTITION
        ? getSource() + ":" + getOffset()
        : getSource() + "/" + getPartition() + "@" + getOffset();
  }
}
