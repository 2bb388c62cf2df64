package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A gold {@code daily_top_users} row: a user's place among the top spenders of one UTC date and currency. Ranks run
 * 1..n without gaps; equal totals are ordered by user id.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class UserRank implements Serializable {
  /** UTC event date, {@code yyyy-MM-dd}. */
  public abstract String getDate();

  public abstract String getCurrency();

  /** 1 for the largest total. */
  public abstract int getRank();

  public abstract String getUserId();

  public abstract BigDecimal getTotalAmount();

  public abstract long getTxCount();

  public static UserRank of(
      String date, String currency, int rank, String userId, BigDecimal totalAmount, long txCount) {
    return new AutoValue_UserRank(date, currency, rank, userId, totalAmount, txCount);
  }
}
