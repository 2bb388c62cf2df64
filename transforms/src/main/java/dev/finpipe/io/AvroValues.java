package dev.finpipe.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Encodes and decodes the physical values of {@link TableSpec.Type}s in Avro records. Values are stored in their
 * physical form (unscaled bytes, epoch microseconds) so writing needs no Avro logical-type conversions registered.
 */
public final class AvroValues {
  private AvroValues() {}

  /** A decimal as the unscaled big-endian bytes of the column's scale; refuses values that would need rounding. */
  public static ByteBuffer decimal(BigDecimal value, int scale) {
    return ByteBuffer.wrap(value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray());
  }

  public static BigDecimal decimal(GenericRecord record, String field, int scale) {
    ByteBuffer buffer = ((ByteBuffer) record.get(field)).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return new BigDecimal(new java.math.BigInteger(bytes), scale);
  }

  public static long timestamp(Instant instant) {
    return instant.getMillis() * 1000L;
  }

  public static @Nullable Long timestampOrNull(@Nullable Instant instant) {
    return instant == null ? null : timestamp(instant);
  }

  public static Instant timestamp(GenericRecord record, String field) {
    return new Instant(Math.floorDiv((Long) record.get(field), 1000L));
  }

  public static @Nullable Instant timestampOrNull(GenericRecord record, String field) {
    Object value = record.get(field);
    return value == null ? null : new Instant(Math.floorDiv((Long) value, 1000L));
  }

  public static String string(GenericRecord record, String field) {
    return record.get(field).toString();
  }

  public static @Nullable String stringOrNull(GenericRecord record, String field) {
    Object value = record.get(field);
    return value == null ? null : value.toString();
  }
}
