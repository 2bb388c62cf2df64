package dev.finpipe.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * The hand-written coders of the hot records: every field survives a round trip (nulls, multi-byte text, decimals of
 * any size and scale), the encoding is deterministic and consistent with equals, a cut or foreign encoding is a clear
 * {@link CoderException}, and Beam picks these coders (not the schema coder) wherever it infers one.
 */
public class ModelCodersTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:15:30.123Z");

  private static Transaction full() {
    return TransactionFixtures.tx("T-1", "2026-11-23T10:00:00Z").toBuilder()
        .setSourceRef(SourceRef.of("kafka://transactions", 3, 9_876_543_210L))
        .setPayload("{\"merchant\":\"Café Ñandú 東京\"}")
        .setMerchant("Café Ñandú 東京")
        .build();
  }

  private static Transaction sparse() {
    return full().toBuilder().setChannel(null).setMerchant(null).setCountry(null).setPayload(null).build();
  }

  private static RawRecord raw(boolean kafka) {
    RawRecord.Builder b = RawRecord.builder()
        .setPayload("{\"transaction_id\":\"T-1\",\"note\":\"ünïcödé\"}")
        .setSourceRef(kafka ? SourceRef.of("kafka://tx", 0, 42) : SourceRef.fileLine("in/tx.jsonl", 7))
        .setIngestedAt(AT);
    return kafka ? b.setKafkaTimestamp(AT.minus(5)).setKafkaKey("U-1").build() : b.build();
  }

  private static FailedRecord failed(boolean withIds) {
    FailedRecord.Builder b = FailedRecord.builder()
        .setStage(FailedRecord.Stage.VALIDATE)
        .setReasons(List.of("amount_positive", "currency_known"))
        .setError("amount must be positive; currency XXX is unknown")
        .setBoundedPayload("{\"amount\":\"-1\"}")
        .setSourceRef(SourceRef.fileLine("in/tx.jsonl", 2))
        .setIngestedAt(AT);
    return withIds ? b.setRecordId("T-2").setEventTime(AT.minus(60_000)).build() : b.build();
  }

  private static <T> void assertCoderProperties(Coder<T> coder, T value) throws Exception {
    CoderProperties.coderDecodeEncodeEqual(coder, value);
    CoderProperties.coderDeterministic(coder, value, value);
    CoderProperties.coderConsistentWithEquals(coder, value, value);
    CoderProperties.structuralValueDecodeEncodeEqual(coder, value);
    // Nested in a larger stream, a record reads back exactly its own bytes.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(value, out);
    StringUtf8Coder.of().encode("after", out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertEquals(value, coder.decode(in));
    assertEquals("after", StringUtf8Coder.of().decode(in));
  }

  @Test
  public void everyFieldOfEveryHotRecordSurvivesARoundTrip() throws Exception {
    assertCoderProperties(TransactionCoder.of(), full());
    assertCoderProperties(TransactionCoder.of(), sparse());
    assertCoderProperties(RawRecordCoder.of(), raw(true));
    assertCoderProperties(RawRecordCoder.of(), raw(false));
    assertCoderProperties(FailedRecordCoder.of(), failed(true));
    assertCoderProperties(FailedRecordCoder.of(), failed(false));
    for (FailedRecord.Stage stage : FailedRecord.Stage.values()) {
      assertCoderProperties(FailedRecordCoder.of(), failed(true).toBuilder().setStage(stage).setReasons(List.of()).build());
    }
    FailedRecord cut = failed(true).toBuilder().setBoundedPayload("x".repeat(FailedRecord.MAX_PAYLOAD_BYTES + 1)).build();
    assertTrue(cut.isPayloadTruncated());
    assertCoderProperties(FailedRecordCoder.of(), cut);
  }

  @Test
  public void decimalsKeepTheirValueAndScaleAtAnySize() throws Exception {
    for (String amount : new String[] {"0", "10.00", "10.0", "-0.01", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "-123456789012345678901234567890.123456789", "1E+3", "0.000000000000000000001"}) {
      Transaction t = full().toBuilder().setAmount(new BigDecimal(amount)).build();
      Transaction back = CoderUtils.clone(TransactionCoder.of(), t);
      assertEquals(amount, t.getAmount(), back.getAmount()); // BigDecimal.equals: value and scale
      assertEquals(amount, t.getAmount().scale(), back.getAmount().scale());
    }
    // 10.0 and 10.00 are different records under equals, so their encodings must differ too.
    byte[] one = CoderUtils.encodeToByteArray(TransactionCoder.of(), full().toBuilder().setAmount(new BigDecimal("10.0")).build());
    byte[] two = CoderUtils.encodeToByteArray(TransactionCoder.of(), full().toBuilder().setAmount(new BigDecimal("10.00")).build());
    assertFalse(Arrays.equals(one, two));
  }

  @Test
  public void theEncodingIsCompactAndStable() throws Exception {
    byte[] encoded = CoderUtils.encodeToByteArray(TransactionCoder.of(), sparse());
    assertArrayEquals(encoded, CoderUtils.encodeToByteArray(TransactionCoder.of(), sparse().toBuilder().build()));
    // The strings' bytes plus a few per field, and no larger than the schema coder's encoding.
    int strings = "T-1ACC-U-1U-1USDPURCHASEAPPROVEDkafka://transactions".length();
    assertTrue(encoded.length + " bytes", encoded.length < strings + 40);
    assertTrue(encoded.length < CoderUtils.encodeToByteArray(schemaCoderOfTransaction(), sparse()).length);
  }

  /** Transaction's schema coder, built from its AutoValue getters as the {@code @DefaultSchema} once did. */
  private static SchemaCoder<Transaction> schemaCoderOfTransaction() throws Exception {
    AutoValueSchema provider = new AutoValueSchema();
    TypeDescriptor<Transaction> type = TypeDescriptor.of(Transaction.class);
    return SchemaCoder.of(provider.schemaFor(type), type, provider.toRowFunction(type), provider.fromRowFunction(type));
  }

  @Test
  public void aCutEncodingIsAClearError() throws Exception {
    byte[] encoded = CoderUtils.encodeToByteArray(TransactionCoder.of(), full());
    byte[] cut = Arrays.copyOf(encoded, encoded.length - 3);
    CoderException e = assertThrows(CoderException.class, () -> TransactionCoder.of().decode(new ByteArrayInputStream(cut)));
    assertTrue(e.getMessage(), e.getMessage().startsWith("stream ended inside a Transaction"));
  }

  @Test
  public void anEncodingOfAnotherTypeIsAClearError() throws Exception {
    // A RawRecord's block read as a FailedRecord: its first string is the payload, not a stage.
    byte[] encoded = CoderUtils.encodeToByteArray(RawRecordCoder.of(), raw(false));
    CoderException e = assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(FailedRecordCoder.of(), encoded));
    assertTrue(e.getMessage(), e.getMessage().startsWith("unknown stage {\"transaction_id\""));
  }

  @Test
  public void aNullRecordIsRefusedWithItsType() {
    CoderException e = assertThrows(CoderException.class, () -> TransactionCoder.of().encode(null, new ByteArrayOutputStream()));
    assertEquals("cannot encode a null Transaction", e.getMessage());
  }

  @Test
  public void beamInfersTheHandCodersForTheTypesAndTheirAutoValueClasses() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    assertEquals(TransactionCoder.of(), p.getCoderRegistry().getCoder(Transaction.class));
    assertEquals(TransactionCoder.of(), p.getCoderRegistry().getCoder(TypeDescriptor.of(full().getClass())));
    assertEquals(RawRecordCoder.of(), p.getCoderRegistry().getCoder(TypeDescriptor.of(raw(true).getClass())));
    assertEquals(FailedRecordCoder.of(), p.getCoderRegistry().getCoder(TypeDescriptor.of(failed(true).getClass())));
    assertEquals(TransactionCoder.of(), ModelCoders.of(p, Transaction.class));
    assertEquals(RawRecordCoder.of(), ModelCoders.of(p, RawRecord.class));
    assertEquals(FailedRecordCoder.of(), ModelCoders.of(p, FailedRecord.class));
    // The other model classes keep their schema coders.
    assertTrue(ModelCoders.of(p, DailyUserCurrency.class) instanceof SchemaCoder);

    PCollection<Transaction> mapped = p.apply(Create.of("T-1"))
        .apply(MapElements.into(TypeDescriptor.of(Transaction.class)).via(id -> full()));
    assertEquals(TransactionCoder.of(), mapped.getCoder());
    assertEquals(TransactionCoder.of(), p.apply("CreateTransactions", Create.of(full(), sparse())).getCoder());
  }

  @Test
  public void aTypeWithNeitherCoderNorSchemaIsNamedInTheError() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelCoders.of(p, StringBuilder.class));
    assertTrue(e.getMessage(), e.getMessage().startsWith("java.lang.StringBuilder has neither a @DefaultCoder nor a Beam schema"));
  }
}
