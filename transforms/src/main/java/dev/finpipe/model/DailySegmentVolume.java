package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A gold {@code daily_segment_volume} row: the transactions of one UTC event date in one currency, by the segment of
 * their customer and the type of their account as they were at each transaction's event time. Every status counts
 * in {@link #getTxCount()} and {@link #getTotalAmount()}; an unknown account or customer (kept by a WARN rule) is
 * {@code UNKNOWN}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DailySegmentVolume implements Serializable {
  /** UTC event date, {@code yyyy-MM-dd}. */
  public abstract String getDate();

  public abstract String getSegment();

  public abstract String getAccountType();

  public abstract String getCurrency();

  public abstract long getTxCount();

  public abstract BigDecimal getTotalAmount();

  public abstract long getApprovedCount();

  public abstract long getDeclinedCount();

  public static Builder builder() {
    return new AutoValue_DailySegmentVolume.Builder();
  }

  /** Builder for {@link DailySegmentVolume}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setDate(String date);

    public abstract Builder setSegment(String segment);

    public abstract Builder setAccountType(String accountType);

    public abstract Builder setCurrency(String currency);

    public abstract Builder setTxCount(long txCount);

    public abstract Builder setTotalAmount(BigDecimal totalAmount);

    public abstract Builder setApprovedCount(long approvedCount);

    public abstract Builder setDeclinedCount(long declinedCount);

    public abstract DailySegmentVolume build();
  }
}
