package dev.finpipe.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.math.BigInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Encodes and decodes the physical values of {@link TableSpec.Type}s in Avro records. Values are stored in their
 * physical form (unscaled bytes, epoch microseconds) so writing needs no Avro logical-type conversions registered.
 */
public final class AvroValues {
  private AvroValues() {}

  /**
   * A decimal as the fixed-size, sign-extended big-endian two's complement of its unscaled value at the column's
   * scale; refuses values that would need rounding or do not fit the column's precision.
   */
  public static GenericData.Fixed decimal(Schema fixedSchema, BigDecimal value, int scale) {
    byte[] unscaled = value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray();
    int size = fixedSchema.getFixedSize();
    if (unscaled.length > size) {
      throw new ArithmeticException(value + " does not fit " + fixedSchema.getLogicalType().getName() + " in " + size + " bytes");
    }
    byte[] bytes = new byte[size];
    byte pad = (byte) (unscaled[0] < 0 ? 0xFF : 0x00);
    java.util.Arrays.fill(bytes, 0, size - unscaled.length, pad);
    System.arraycopy(unscaled, 0, bytes, size - unscaled.length, unscaled.length);
    return new GenericData.Fixed(fixedSchema, bytes);
  }

  public static BigDecimal decimal(GenericRecord record, String field, int scale) {
    return new BigDecimal(new BigInteger(((GenericFixed) record.get(field)).bytes()), scale);
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
