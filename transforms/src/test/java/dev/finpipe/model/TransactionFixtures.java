package dev.finpipe.model;

import java.math.BigDecimal;
import org.joda.time.Instant;

/** Small, readable transactions for tests. Vary one field with {@code toBuilder()} to build a copy of an event. */
public final class TransactionFixtures {
  /** When the fixtures were ingested, unless a test says otherwise. */
  public static final Instant INGESTED_AT = Instant.parse("2026-11-23T00:00:00Z");

  private TransactionFixtures() {}

  /** An approved purchase of 10.00 USD by {@code U-1}, read from line 1 of {@code in/tx.jsonl}. */
  public static Transaction tx(String id, String eventTime) {
    return tx(id, "U-1", "10.00", "USD", "APPROVED", eventTime);
  }

  public static Transaction tx(
      String id, String userId, String amount, String currency, String status, String eventTime) {
    return Transaction.builder()
        .setTransactionId(id)
        .setAccountId("ACC-" + userId)
        .setUserId(userId)
        .setAmount(new BigDecimal(amount))
        .setCurrency(currency)
        .setType("PURCHASE")
        .setStatus(status)
        .setChannel("MOBILE")
        .setMerchant("Tambo")
        .setCountry("PE")
        .setEventTime(Instant.parse(eventTime))
        .setIngestedAt(INGESTED_AT)
        .setSourceRef(SourceRef.fileLine("in/tx.jsonl", 1))
        .setPayload(payload(id, userId, amount, currency, status, eventTime))
        .build();
  }

  private static String payload(
      String id, String userId, String amount, String currency, String status, String eventTime) {
    return String.format(
        "{\"transaction_id\":\"%s\",\"user_id\":\"%s\",\"amount\":\"%s\",\"currency\":\"%s\","
            + "\"status\":\"%s\",\"event_time\":\"%s\"}",
        id, userId, amount, currency, status, eventTime);
  }
}
