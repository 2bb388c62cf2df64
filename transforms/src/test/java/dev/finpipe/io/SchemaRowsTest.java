package dev.finpipe.io;

import static dev.finpipe.io.TableSpec.Column.optional;
import static dev.finpipe.io.TableSpec.Column.required;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.history.Version;
import dev.finpipe.io.TableSpec.Type;
import dev.finpipe.model.CustomerChange;
import dev.finpipe.model.SourceRef;
import dev.finpipe.model.Transaction;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Columns derived from a record type: in declaration order, the names, types and nullability written out here; rows that round-trip. */
@RunWith(JUnit4.class)
public class SchemaRowsTest {
  @Test
  public void customersHistoryIsTheColumnsOfCustomerChangeAndItsValidity() {
    assertEquals(List.of(
            required("customer_id", Type.STRING),
            optional("document_type", Type.STRING),
            optional("document_id", Type.STRING),
            optional("full_name", Type.STRING),
            optional("segment", Type.STRING),
            optional("status", Type.STRING),
            optional("country", Type.STRING),
            required("op", Type.STRING),
            required("updated_at", Type.TIMESTAMP),
            required("ingested_at", Type.TIMESTAMP),
            required("source", Type.STRING),
            required("source_partition", Type.INT),
            required("source_offset", Type.LONG),
            required("valid_from", Type.TIMESTAMP),
            optional("valid_to", Type.TIMESTAMP),
            required("is_current", Type.BOOLEAN)),
        VersionRows.of("silver/customers", CustomerChange.class).spec().columns());
  }

  @Test
  public void aVersionRoundTripsThroughItsRow() {
    VersionRows<CustomerChange> rows = VersionRows.of("silver/customers", CustomerChange.class);
    CustomerChange change = CustomerChange.builder().setCustomerId("U-000001").setDocumentType("DNI")
        .setDocumentId("4455").setFullName("Ana Ñuñez").setSegment("SME").setStatus("ACTIVE").setCountry("PE")
        .setOp("UPSERT").setUpdatedAt(Instant.parse("2026-11-10T10:00:00.123Z"))
        .setIngestedAt(Instant.parse("2026-11-11T00:00:00Z")).setSourceRef(SourceRef.of("in/c.jsonl", 0, 7))
        .setPayload(null).build();
    Version<CustomerChange> version = Version.of(change, change.getUpdatedAt(), Instant.parse("2026-11-20T00:00:00Z"));
    GenericData.Record row = (GenericData.Record) rows.toRecord(version);
    assertEquals(false, row.get("is_current"));
    assertEquals(VersionRows.bucketOf("U-000001"), rows.partitionValue(version));
    assertEquals(version, rows.fromRecord(row));
    Version<CustomerChange> current = Version.current(change, change.getUpdatedAt());
    GenericData.Record currentRow = (GenericData.Record) rows.toRecord(current);
    assertEquals(true, currentRow.get("is_current"));
    assertEquals(current, rows.fromRecord(currentRow));
  }

  @Test
  public void aRecordTypeWithoutFieldNumbersIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaRows.of(Transaction.class));
    assertTrue(e.getMessage(), e.getMessage().contains("has no @SchemaFieldNumber: number every getter"));
  }
}
