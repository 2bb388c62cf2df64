package dev.finpipe.model;

import java.math.BigDecimal;

/** Gold {@link DailyUserCurrency} rows for tests, with amounts written as decimal strings (their scale counts). */
public final class DailyUserCurrencyFixtures {
  private DailyUserCurrencyFixtures() {}

  public static DailyUserCurrency row(
      String date,
      String userId,
      String currency,
      long count,
      String total,
      String min,
      String max,
      String avg,
      long approved,
      long declined) {
    return DailyUserCurrency.builder()
        .setDate(date)
        .setUserId(userId)
        .setCurrency(currency)
        .setTxCount(count)
        .setTotalAmount(new BigDecimal(total))
        .setMinAmount(new BigDecimal(min))
        .setMaxAmount(new BigDecimal(max))
        .setAvgAmount(new BigDecimal(avg))
        .setApprovedCount(approved)
        .setDeclinedCount(declined)
        .build();
  }
}
