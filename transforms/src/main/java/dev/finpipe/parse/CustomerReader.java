package dev.finpipe.parse;

import static dev.finpipe.parse.JsonFields.required;
import static dev.finpipe.parse.JsonFields.requiredIf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finpipe.model.ChangeOps;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.RawRecord;
import org.joda.time.Instant;

/**
 * Reads one customer change. Always required: {@code customer_id}, {@code updated_at}, {@code op}; on an
 * {@code UPSERT} also {@code document_type}, {@code document_id}, {@code full_name}, {@code segment},
 * {@code status}, {@code country} (a {@code DELETE} may omit them). Other fields are ignored.
 */
public final class CustomerReader implements RecordReader<CustomerChange> {
  private final JsonFields json = new JsonFields();

  @Override
  public Outcome<CustomerChange> read(RawRecord raw) {
    JsonFields.Problems problems = new JsonFields.Problems();
    JsonNode root = json.readObject(raw.getPayload(), problems);
    if (root == null) {
      return Outcome.failed(problems.toFailedRecord(raw, null, null));
    }
    String customerId = required(root, "customer_id", JsonFields::text, problems);
    Instant updatedAt = required(root, "updated_at", JsonFields::instant, problems);
    String op = required(root, "op", JsonFields::text, problems);
    boolean upsert = ChangeOps.UPSERT.equals(op);
    String documentType = requiredIf(upsert, root, "document_type", JsonFields::text, problems);
    String documentId = requiredIf(upsert, root, "document_id", JsonFields::text, problems);
    String fullName = requiredIf(upsert, root, "full_name", JsonFields::text, problems);
    String segment = requiredIf(upsert, root, "segment", JsonFields::text, problems);
    String status = requiredIf(upsert, root, "status", JsonFields::text, problems);
    String country = requiredIf(upsert, root, "country", JsonFields::text, problems);
    if (!problems.isEmpty()) {
      return Outcome.failed(problems.toFailedRecord(raw, customerId, updatedAt));
    }
    return Outcome.parsed(
        CustomerChange.builder()
            .setCustomerId(customerId)
            .setDocumentType(documentType)
            .setDocumentId(documentId)
            .setFullName(fullName)
            .setSegment(segment)
            .setStatus(status)
            .setCountry(country)
            .setOp(op)
            .setUpdatedAt(updatedAt)
            .setIngestedAt(raw.getIngestedAt())
            .setSourceRef(raw.getSourceRef())
            .setPayload(raw.getPayload())
            .build());
  }
}
