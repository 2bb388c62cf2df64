package dev.finpipe.testing;

import dev.finpipe.model.AccountChange;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import org.joda.time.Instant;

/**
 * Change records of the customers and accounts domains for tests: a valid {@code UPSERT} payload and a minimal
 * {@code DELETE} payload of each, raw lines of each domain's input file, and the records those payloads parse to, so a
 * test changes only the field it is about. Ingested at {@link TestRecords#INGESTED_AT}.
 */
public final class ChangeRecords {
  public static final String CUSTOMERS_FILE = "in/customers.jsonl";

  public static final String ACCOUNTS_FILE = "in/accounts.jsonl";

  /** The {@code updated_at} of every fixture. */
  public static final Instant UPDATED_AT = Instant.parse("2026-11-20T10:00:00.000Z");

  /** The {@code opened_at} of the account fixture. */
  public static final Instant OPENED_AT = Instant.parse("2025-03-01T09:00:00.000Z");

  /** A customer's UPSERT with every attribute present and valid. */
  public static final JsonObject CUSTOMER_UPSERT =
      JsonObject.of(
          "customer_id", "\"C-000001\"",
          "document_type", "\"DNI\"",
          "document_id", "\"45678912\"",
          "full_name", "\"Ana Quispe\"",
          "segment", "\"RETAIL\"",
          "status", "\"ACTIVE\"",
          "country", "\"PE\"",
          "op", "\"UPSERT\"",
          "updated_at", "\"2026-11-20T10:00:00.000Z\"");

  /** A customer's DELETE carrying only what a DELETE needs. */
  public static final JsonObject CUSTOMER_DELETE =
      JsonObject.of("customer_id", "\"C-000001\"", "updated_at", "\"2026-11-20T10:00:00.000Z\"", "op", "\"DELETE\"");

  /** An account's UPSERT with every attribute present and valid. */
  public static final JsonObject ACCOUNT_UPSERT =
      JsonObject.of(
          "account_id", "\"ACC-000123\"",
          "customer_id", "\"C-000001\"",
          "account_type", "\"SAVINGS\"",
          "currency", "\"PEN\"",
          "status", "\"ACTIVE\"",
          "opened_at", "\"2025-03-01T09:00:00.000Z\"",
          "op", "\"UPSERT\"",
          "updated_at", "\"2026-11-20T10:00:00.000Z\"");

  /** An account's DELETE carrying only what a DELETE needs. */
  public static final JsonObject ACCOUNT_DELETE =
      JsonObject.of("account_id", "\"ACC-000123\"", "updated_at", "\"2026-11-20T10:00:00.000Z\"", "op", "\"DELETE\"");

  private ChangeRecords() {}

  /** {@code json} as read from line {@code line} of {@link #CUSTOMERS_FILE}. */
  public static RawRecord customerLine(long line, Object json) {
    return RawRecord.of(json.toString(), SourceRef.fileLine(CUSTOMERS_FILE, line), TestRecords.INGESTED_AT);
  }

  /** {@code json} as read from line {@code line} of {@link #ACCOUNTS_FILE}. */
  public static RawRecord accountLine(long line, Object json) {
    return RawRecord.of(json.toString(), SourceRef.fileLine(ACCOUNTS_FILE, line), TestRecords.INGESTED_AT);
  }

  /** The customer {@link #CUSTOMER_UPSERT} parses to, read from line {@code line}. */
  public static CustomerChange.Builder customer(long line) {
    return customer(customerLine(line, CUSTOMER_UPSERT));
  }

  /** The customer {@code raw} parses to when it holds {@link #CUSTOMER_UPSERT} changed as the test says. */
  public static CustomerChange.Builder customer(RawRecord raw) {
    return CustomerChange.builder()
        .setCustomerId("C-000001")
        .setDocumentType("DNI")
        .setDocumentId("45678912")
        .setFullName("Ana Quispe")
        .setSegment("RETAIL")
        .setStatus("ACTIVE")
        .setCountry("PE")
        .setOp("UPSERT")
        .setUpdatedAt(UPDATED_AT)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload());
  }

  /** The customer {@link #CUSTOMER_DELETE} parses to, read from line {@code line}. */
  public static CustomerChange.Builder customerDelete(long line) {
    return customerDelete(customerLine(line, CUSTOMER_DELETE));
  }

  /** The customer {@code raw} parses to when it holds {@link #CUSTOMER_DELETE} changed as the test says. */
  public static CustomerChange.Builder customerDelete(RawRecord raw) {
    return CustomerChange.builder()
        .setCustomerId("C-000001")
        .setOp("DELETE")
        .setUpdatedAt(UPDATED_AT)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload());
  }

  /** The account {@link #ACCOUNT_UPSERT} parses to, read from line {@code line}. */
  public static AccountChange.Builder account(long line) {
    return account(accountLine(line, ACCOUNT_UPSERT));
  }

  /** The account {@code raw} parses to when it holds {@link #ACCOUNT_UPSERT} changed as the test says. */
  public static AccountChange.Builder account(RawRecord raw) {
    return AccountChange.builder()
        .setAccountId("ACC-000123")
        .setCustomerId("C-000001")
        .setAccountType("SAVINGS")
        .setCurrency("PEN")
        .setStatus("ACTIVE")
        .setOpenedAt(OPENED_AT)
        .setOp("UPSERT")
        .setUpdatedAt(UPDATED_AT)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload());
  }

  /** The account {@link #ACCOUNT_DELETE} parses to, read from line {@code line}. */
  public static AccountChange.Builder accountDelete(long line) {
    return accountDelete(accountLine(line, ACCOUNT_DELETE));
  }

  /** The account {@code raw} parses to when it holds {@link #ACCOUNT_DELETE} changed as the test says. */
  public static AccountChange.Builder accountDelete(RawRecord raw) {
    return AccountChange.builder()
        .setAccountId("ACC-000123")
        .setOp("DELETE")
        .setUpdatedAt(UPDATED_AT)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload());
  }
}
