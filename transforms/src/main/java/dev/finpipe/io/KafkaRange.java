package dev.finpipe.io;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** Offsets {@code [startOffset, endOffset)} of one topic partition: what one available-now batch reads. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class KafkaRange implements Serializable {
  public abstract String getTopic();

  public abstract int getPartition();

  public abstract long getStartOffset();

  public abstract long getEndOffset();

  public static KafkaRange of(String topic, int partition, long startOffset, long endOffset) {
    return builder().setTopic(topic).setPartition(partition).setStartOffset(startOffset).setEndOffset(endOffset).build();
  }

  public static Builder builder() {
    return new AutoValue_KafkaRange.Builder();
  }

  public long size() {
    return getEndOffset() - getStartOffset();
  }

  /** The source name bronze rows carry, e.g. {@code kafka://transactions}. */
  public static String sourceName(String topic) {
    return "kafka://" + topic;
  }

  /** Builder for {@link KafkaRange}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTopic(String topic);

    public abstract Builder setPartition(int partition);

    public abstract Builder setStartOffset(long startOffset);

    public abstract Builder setEndOffset(long endOffset);

    public abstract KafkaRange build();
  }
}
