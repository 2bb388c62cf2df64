package dev.finpipe.parse;

import static dev.finpipe.parse.JsonFields.decimal;
import static dev.finpipe.parse.JsonFields.instant;
import static dev.finpipe.parse.JsonFields.optional;
import static dev.finpipe.parse.JsonFields.required;
import static dev.finpipe.parse.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.Transaction;
import java.math.BigDecimal;
import org.joda.time.Instant;

/**
 * Reads one payload of the transactions' input contract into a {@link Transaction}, or into a failure naming every
 * way it breaks the contract; {@link JsonFields} says how amounts and event times are read. Holds one Jackson mapper,
 * so create one per DoFn instance and use it from one thread.
 */
public final class TransactionReader implements RecordReader<Transaction> {
  private final JsonFields json = new JsonFields();

  @Override
  public Outcome<Transaction> read(RawRecord raw) {
    JsonFields.Problems problems = new JsonFields.Problems();
    JsonNode root = json.readObject(raw.getPayload(), problems);
    if (root == null) {
      return Outcome.failed(problems.toFailedRecord(raw, null, null));
    }
    String transactionId = required(root, "transaction_id", JsonFields::text, problems);
    String accountId = required(root, "account_id", JsonFields::text, problems);
    String userId = required(root, "user_id", JsonFields::text, problems);
    BigDecimal amount = required(root, "amount", JsonFields::decimal, problems);
    String currency = required(root, "currency", JsonFields::text, problems);
    String type = required(root, "type", JsonFields::text, problems);
    String status = required(root, "status", JsonFields::text, problems);
    Instant eventTime = required(root, "event_time", JsonFields::instant, problems);
    String channel = optional(root, "channel", JsonFields::text, problems);
    String merchant = optional(root, "merchant", JsonFields::text, problems);
    String country = optional(root, "country", JsonFields::text, problems);
    if (!problems.isEmpty()) {
      return Outcome.failed(problems.toFailedRecord(raw, transactionId, eventTime));
    }
    return Outcome.parsed(
        Transaction.builder()
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
            .build());
  }

}
