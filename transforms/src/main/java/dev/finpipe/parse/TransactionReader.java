package dev.finpipe.parse;

import dev.finpipe.model.RawRecord;
import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import org.joda.time.Instant;

/**
 * Reads one payload of the transactions' input contract into a {@link Transaction}, or into a failure naming every
 * way it breaks the contract; {@link JsonFields} says how amounts and event times are read. Holds one Jackson mapper,
 * so create one per DoFn instance and use it from one thread.
 */
public final class TransactionReader extends JsonRecordReader<Transaction> {
  @Override
  protected Transaction read(Fields f, RawRecord raw) {
    String transactionId = f.required("transaction_id", JsonFields::text);
    String accountId = f.required("account_id", JsonFields::text);
    String userId = f.required("user_id", JsonFields::text);
    BigDecimal amount = f.required("amount", JsonFields::decimal);
    String currency = f.required("currency", JsonFields::text);
    String type = f.required("type", JsonFields::text);
    String status = f.required("status", JsonFields::text);
    Instant eventTime = f.required("event_time", JsonFields::instant);
    String channel = f.optional("channel", JsonFields::text);
    String merchant = f.optional("merchant", JsonFields::text);
    String country = f.optional("country", JsonFields::text);
    f.identify(transactionId, eventTime);
    if (f.hasProblems()) {
      return null;
    }
    return Transaction.builder()
        .setTransactionId(transactionId)
        .setAccountId(accountId)
        .setUserId(userId)
        .setAmount(amount)
        .setCurrency(currency)
        .setType(type)
        .setStatus(status)
        .setChannel(channel)
        .setMerchant(merchant)
        .setCountry(country)
        .setEventTime(eventTime)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload())
        .build();
  }
}
