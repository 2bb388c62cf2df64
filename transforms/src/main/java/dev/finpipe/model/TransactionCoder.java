package dev.finpipe.model;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;

/** The coder of {@link Transaction} (its {@code @DefaultCoder}): the record silver dedupes and gold aggregates. */
public final class TransactionCoder extends RecordCoder<Transaction> {
  private static final TransactionCoder INSTANCE = new TransactionCoder();

  private TransactionCoder() {
    super(Transaction.class);
  }

  public static TransactionCoder of() {
    return INSTANCE;
  }

  /** Found by {@code @DefaultCoder}. */
  public static CoderProvider getCoderProvider() {
    return providerFor(Transaction.class, INSTANCE);
  }

  @Override
  void write(Transaction t, Writer out) {
    out.writeString(t.getTransactionId());
    out.writeString(t.getAccountId());
    out.writeString(t.getUserId());
    out.writeDecimal(t.getAmount());
    out.writeString(t.getCurrency());
    out.writeString(t.getType());
    out.writeString(t.getStatus());
    out.writeNullableString(t.getChannel());
    out.writeNullableString(t.getMerchant());
    out.writeNullableString(t.getCountry());
    out.writeInstant(t.getEventTime());
    out.writeInstant(t.getIngestedAt());
    out.writeSourceRef(t.getSourceRef());
    out.writeNullableString(t.getPayload());
  }

  @Override
  Transaction read(Reader in) throws CoderException {
    return Transaction.builder()
        .setTransactionId(in.readString())
        .setAccountId(in.readString())
        .setUserId(in.readString())
        .setAmount(in.readDecimal())
        .setCurrency(in.readString())
        .setType(in.readString())
        .setStatus(in.readString())
        .setChannel(in.readNullableString())
        .setMerchant(in.readNullableString())
        .setCountry(in.readNullableString())
        .setEventTime(in.readInstant())
        .setIngestedAt(in.readInstant())
        .setSourceRef(in.readSourceRef())
        .setPayload(in.readNullableString())
        .build();
  }
}
