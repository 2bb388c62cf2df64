package dev.finpipe.parse;

import dev.finpipe.model.ChangeOps;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.RawRecord;
import org.joda.time.Instant;

/**
 * Reads one account change. Always required: {@code account_id}, {@code updated_at}, {@code op}; on an
 * {@code UPSERT} also {@code customer_id}, {@code account_type}, {@code currency}, {@code status} and
 * {@code opened_at} (a {@code DELETE} may omit them). Other fields are ignored.
 */
public final class AccountReader extends JsonRecordReader<AccountChange> {
  @Override
  protected AccountChange read(Fields f, RawRecord raw) {
    String accountId = f.required("account_id", JsonFields::text);
    Instant updatedAt = f.required("updated_at", JsonFields::instant);
    String op = f.required("op", JsonFields::text);
    boolean upsert = ChangeOps.UPSERT.equals(op);
    String customerId = f.requiredIf(upsert, "customer_id", JsonFields::text);
    String accountType = f.requiredIf(upsert, "account_type", JsonFields::text);
    String currency = f.requiredIf(upsert, "currency", JsonFields::text);
    String status = f.requiredIf(upsert, "status", JsonFields::text);
    Instant openedAt = f.requiredIf(upsert, "opened_at", JsonFields::instant);
    f.identify(accountId, updatedAt);
    if (f.hasProblems()) {
      return null;
    }
    return AccountChange.builder()
        .setAccountId(accountId)
        .setCustomerId(customerId)
        .setAccountType(accountType)
        .setCurrency(currency)
        .setStatus(status)
        .setOpenedAt(openedAt)
        .setOp(op)
        .setUpdatedAt(updatedAt)
        .setIngestedAt(raw.getIngestedAt())
        .setSourceRef(raw.getSourceRef())
        .setPayload(raw.getPayload())
        .build();
  }
}
