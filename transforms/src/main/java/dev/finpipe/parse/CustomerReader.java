package dev.finpipe.parse;

import dev.finpipe.model.ChangeOps;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.RawRecord;
import org.joda.time.Instant;

/**
 * Reads one customer change. Always required: {@code customer_id}, {@code updated_at}, {@code op}; on an
 * {@code UPSERT} also {@code document_type}, {@code document_id}, {@code full_name}, {@code segment},
 * {@code status}, {@code country} (a {@code DELETE} may omit them). Other fields are ignored.
 */
public final class CustomerReader extends JsonRecordReader<CustomerChange> {
  @Override
  protected CustomerChange read(Fields f, RawRecord raw) {
    String customerId = f.required("customer_id", JsonFields::text);
    Instant updatedAt = f.required("updated_at", JsonFields::instant);
    String op = f.required("op", JsonFields::text);
    boolean upsert = ChangeOps.UPSERT.equals(op);
    String documentType = f.requiredIf(upsert, "document_type", JsonFields::text);
    String documentId = f.requiredIf(upsert, "document_id", JsonFields::text);
    String fullName = f.requiredIf(upsert, "full_name", JsonFields::text);
    String segment = f.requiredIf(upsert, "segment", JsonFields::text);
    String status = f.requiredIf(upsert, "status", JsonFields::text);
    String country = f.requiredIf(upsert, "country", JsonFields::text);
    f.identify(customerId, updatedAt);
    if (f.hasProblems()) {
      return null;
    }
    return CustomerChange.builder()
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
        .build();
  }
}
