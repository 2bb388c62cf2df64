package dev.finpipe.io;

import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.UserRank;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Gold aggregates as rows of the two gold tables, both partitioned by date. */
public final class GoldRows {
  private GoldRows() {}

  /** {@link DailyUserCurrency} rows of {@link Tables#GOLD_DAILY_USER_CURRENCY}. */
  public static final class DailyUserCurrencyRows extends TableFormat<DailyUserCurrency> {
    public DailyUserCurrencyRows() {
      super(Tables.GOLD_DAILY_USER_CURRENCY);
    }

    @Override
    public String partitionValue(DailyUserCurrency row) {
      return row.getDate();
    }

    @Override
    public GenericRecord toRecord(DailyUserCurrency row) {
      GenericData.Record r = newRecord();
      r.put("user_id", row.getUserId());
      r.put("currency", row.getCurrency());
      r.put("tx_count", row.getTxCount());
      putDecimal(r, "total_amount", row.getTotalAmount());
      putDecimal(r, "min_amount", row.getMinAmount());
      putDecimal(r, "max_amount", row.getMaxAmount());
      putDecimal(r, "avg_amount", row.getAvgAmount());
      r.put("approved_count", row.getApprovedCount());
      r.put("declined_count", row.getDeclinedCount());
      return r;
    }
  }

  /** {@link UserRank} rows of {@link Tables#GOLD_DAILY_TOP_USERS}. */
  public static final class UserRankRows extends TableFormat<UserRank> {
    public UserRankRows() {
      super(Tables.GOLD_DAILY_TOP_USERS);
    }

    @Override
    public String partitionValue(UserRank row) {
      return row.getDate();
    }

    @Override
    public GenericRecord toRecord(UserRank row) {
      GenericData.Record r = newRecord();
      r.put("currency", row.getCurrency());
      r.put("rank", row.getRank());
      r.put("user_id", row.getUserId());
      putDecimal(r, "total_amount", row.getTotalAmount());
      r.put("tx_count", row.getTxCount());
      return r;
    }
  }
}
