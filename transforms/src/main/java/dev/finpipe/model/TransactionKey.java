package dev.finpipe.model;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * The identity of a transaction already committed to silver: its id and event time, enough to tell which dedupe
 * window it fell in. Read back from silver so a later run does not commit the same event again.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class TransactionKey implements Serializable {
  public abstract String getTransactionId();

  public abstract Instant getEventTime();

  public static TransactionKey of(String transactionId, Instant eventTime) {
    return new AutoValue_TransactionKey(transactionId, eventTime);
  }

  public static TransactionKey of(Transaction tx) {
    return of(tx.getTransactionId(), tx.getEventTime());
  }
}
