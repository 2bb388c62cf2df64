package dev.finpipe.io;

import dev.finpipe.model.DailySegmentVolume;
import dev.finpipe.model.DailyUserCurrency;
import dev.finpipe.model.UserRank;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;

/** Gold aggregates as rows of the gold tables, all partitioned by date. */
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

    /** Reads a row back; the date is the file's partition value (partition columns are not stored in the files). */
    public static SerializableFunction<GenericRecord, DailyUserCurrency> fromRecordOf(String date) {
      return r ->
          DailyUserCurrency.builder()
              .setDate(date)
              .setUserId(AvroValues.string(r, "user_id"))
              .setCurrency(AvroValues.string(r, "currency"))
              .setTxCount((Long) r.get("tx_count"))
              .setTotalAmount(AvroValues.decimal(r, "total_amount", Tables.AMOUNT_SCALE))
              .setMinAmount(AvroValues.decimal(r, "min_amount", Tables.AMOUNT_SCALE))
              .setMaxAmount(AvroValues.decimal(r, "max_amount", Tables.AMOUNT_SCALE))
              .setAvgAmount(AvroValues.decimal(r, "avg_amount", Tables.AVERAGE_SCALE))
              .setApprovedCount((Long) r.get("approved_count"))
              .setDeclinedCount((Long) r.get("declined_count"))
              .build();
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

  /** {@link DailySegmentVolume} rows of {@link Tables#GOLD_DAILY_SEGMENT_VOLUME}. */
  public static final class DailySegmentVolumeRows extends TableFormat<DailySegmentVolume> {
    public DailySegmentVolumeRows() {
      super(Tables.GOLD_DAILY_SEGMENT_VOLUME);
    }

    @Override
    public String partitionValue(DailySegmentVolume row) {
      return row.getDate();
    }

    /** Reads a row back; the date is the file's partition value. */
    public static SerializableFunction<GenericRecord, DailySegmentVolume> fromRecordOf(String date) {
      return r ->
          DailySegmentVolume.builder()
              .setDate(date)
              .setSegment(AvroValues.string(r, "segment"))
              .setAccountType(AvroValues.string(r, "account_type"))
              .setCurrency(AvroValues.string(r, "currency"))
              .setTxCount((Long) r.get("tx_count"))
              .setTotalAmount(AvroValues.decimal(r, "total_amount", Tables.AMOUNT_SCALE))
              .setApprovedCount((Long) r.get("approved_count"))
              .setDeclinedCount((Long) r.get("declined_count"))
              .build();
    }

    @Override
    public GenericRecord toRecord(DailySegmentVolume row) {
      GenericData.Record r = newRecord();
      r.put("segment", row.getSegment());
      r.put("account_type", row.getAccountType());
      r.put("currency", row.getCurrency());
      r.put("tx_count", row.getTxCount());
      putDecimal(r, "total_amount", row.getTotalAmount());
      r.put("approved_count", row.getApprovedCount());
      r.put("declined_count", row.getDeclinedCount());
      return r;
    }
  }
}
