package dev.finpipe.io;

import dev.finpipe.model.EventDates;
import static dev.finpipe.io.AvroValues.string;
import static dev.finpipe.io.AvroValues.stringOrNull;
import static dev.finpipe.io.AvroValues.timestamp;

import dev.finpipe.io.BronzeRows.SourceRefColumns;
import dev.finpipe.model.Transaction;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Validated, deduplicated {@link Transaction}s as rows of {@link Tables#SILVER}, partitioned by UTC event date. The
 * raw payload is not repeated here: bronze keeps it.
 */
public final class SilverRows extends TableFormat<Transaction> {
  public SilverRows() {
    super(Tables.SILVER);
  }

  @Override
  public String partitionValue(Transaction tx) {
    return EventDates.utcDate(tx.getEventTime());
  }

  @Override
  public GenericRecord toRecord(Transaction tx) {
    GenericData.Record r = newRecord();
    r.put("transaction_id", tx.getTransactionId());
    r.put("account_id", tx.getAccountId());
    r.put("user_id", tx.getUserId());
    putDecimal(r, "amount", tx.getAmount());
    r.put("currency", tx.getCurrency());
    r.put("type", tx.getType());
    r.put("status", tx.getStatus());
    r.put("channel", tx.getChannel());
    r.put("merchant", tx.getMerchant());
    r.put("country", tx.getCountry());
    r.put("event_time", timestamp(tx.getEventTime()));
    r.put("ingested_at", timestamp(tx.getIngestedAt()));
    SourceRefColumns.put(r, tx.getSourceRef());
    return r;
  }

  public static Transaction fromRecord(GenericRecord r) {
    return Transaction.builder()
        .setTransactionId(string(r, "transaction_id"))
        .setAccountId(string(r, "account_id"))
        .setUserId(string(r, "user_id"))
        .setAmount(AvroValues.decimal(r, "amount", Tables.AMOUNT_SCALE))
        .setCurrency(string(r, "currency"))
        .setType(string(r, "type"))
        .setStatus(string(r, "status"))
        .setChannel(stringOrNull(r, "channel"))
        .setMerchant(stringOrNull(r, "merchant"))
        .setCountry(stringOrNull(r, "country"))
        .setEventTime(timestamp(r, "event_time"))
        .setIngestedAt(timestamp(r, "ingested_at"))
        .setSourceRef(SourceRefColumns.get(r))
        .setPayload(null)
        .build();
  }
}
