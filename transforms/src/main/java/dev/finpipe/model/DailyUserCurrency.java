package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A gold {@code daily_user_currency} row: one user's transactions in one currency on one UTC event date. Amounts are
 * exact decimals in the currency; every status counts in {@link #getTxCount()} and {@link #getTotalAmount()}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DailyUserCurrency implements Serializable {
  /** Scale of {@link #getAvgAmount()}. */
  public static final int AVG_SCALE = 6;

  /** UTC event date, {@code yyyy-MM-dd}. */
  public abstract String getDate();

  public abstract String getUserId();

  public abstract String getCurrency();

  public abstract long getTxCount();

  public abstract BigDecimal getTotalAmount();

  public abstract BigDecimal getMinAmount();

  public abstract BigDecimal getMaxAmount();

  /** {@code total / count} at scale {@link #AVG_SCALE}, rounded half-even. */
  public abstract BigDecimal getAvgAmount();

  public abstract long getApprovedCount();

  public abstract long getDeclinedCount();

  public static Builder builder() {
    return new AutoValue_DailyUserCurrency.Builder();
  }

  /** Builder for {@link DailyUserCurrency}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setDate(String date);

    public abstract Builder setUserId(String userId);

    public abstract Builder setCurrency(String currency);

    public abstract Builder setTxCount(long txCount);

    public abstract Builder setTotalAmount(BigDecimal totalAmount);

    public abstract Builder setMinAmount(BigDecimal minAmount);

    public abstract Builder setMaxAmount(BigDecimal maxAmount);

    public abstract Builder setAvgAmount(BigDecimal avgAmount);

    public abstract Builder setApprovedCount(long approvedCount);

    public abstract Builder setDeclinedCount(long declinedCount);

    public abstract DailyUserCurrency build();
  }
}
