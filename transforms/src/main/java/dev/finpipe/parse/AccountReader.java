package dev.finpipe.parse;

import static dev.finpipe.parse.JsonFields.required;
import static dev.finpipe.parse.JsonFields.requiredIf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finpipe.model.ChangeOps;
import dev.finpipe.model.AccountChange;
import dev.finpipe.model.RawRecord;
import org.joda.time.Instant;

/**
 * Reads one account change. Always required: {@code account_id}, {@code updated_at}, {@code op}; on an
 * {@code UPSERT} also {@code customer_id}, {@code account_type}, {@code currency}, {@code status} and
 * {@code opened_at} (a {@code DELETE} may omit them). Other fields are ignored.
 */
public final class AccountReader implements RecordReader<AccountChange> {
  private final JsonFields json = new JsonFields();

  @Override
  public Outcome<AccountChange> read(RawRecord raw) {
    JsonFields.Problems problems = new JsonFields.Problems();
    JsonNode root = json.readObject(raw.getPayload(), problems);
    if (root == null) {
      return Outcome.failed(problems.toFailedRecord(raw, null, null));
    }
    String accountId = required(root, "account_id", JsonFields::text, problems);
    Instant updatedAt = required(root, "updated_at", JsonFields::instant, problems);
    String op = required(root, "op", JsonFields::text, problems);
    boolean upsert = ChangeOps.UPSERT.equals(op);
    String customerId = requiredIf(upsert, root, "customer_id", JsonFields::text, problems);
    String accountType = requiredIf(upsert, root, "account_type", JsonFields::text, problems);
    String currency = requiredIf(upsert, root, "currency", JsonFields::text, problems);
    String status = requiredIf(upsert, root, "status", JsonFields::text, problems);
    Instant openedAt = requiredIf(upsert, root, "opened_at", JsonFields::instant, problems);
    if (!problems.isEmpty()) {
      return Outcome.failed(problems.toFailedRecord(raw, accountId, updatedAt));
    }
    return Outcome.parsed(
        AccountChange.builder()
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
            .build());
  }
}
