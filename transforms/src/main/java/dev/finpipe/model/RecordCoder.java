package dev.finpipe.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The base of the hand-written coders of the hot model types (the records every stage shuffles and materialises).
 * A record is written field by field into a per-thread buffer, then to the stream as its length and one block, and read
 * back from exactly that block: one write and one read per element instead of the schema coder's row conversion and a
 * call per field. Integers are zig-zag varints, a nullable field has a presence byte, an instant is its epoch millis.
 *
 * <p>Deterministic and consistent with {@code equals}: equal records have equal fields, and every field type here is
 * written one way only (a {@link BigDecimal} as its scale and unscaled value, so {@code 1.0} and {@code 1.00} differ,
 * as they do under {@code equals}).
 */
abstract class RecordCoder<T> extends AtomicCoder<T> {
  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private final Class<T> type;

  RecordCoder(Class<T> type) {
    this.type = type;
  }

  abstract void write(T value, Writer out);

  abstract T read(Reader in) throws CoderException;

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null " + type.getSimpleName());
    }
    Writer writer = WRITERS.get();
    writer.size = 0;
    write(value, writer);
    VarInt.encode(writer.size, out);
    out.write(writer.bytes, 0, writer.size);
  }

  @Override
  public final T decode(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    byte[] block = new byte[length];
    int read = in.readNBytes(block, 0, length);
    if (read < length) {
      throw new CoderException("stream ended inside a " + type.getSimpleName() + " (" + read + " of " + length + " bytes)");
    }
    Reader reader = new Reader(block, type);
    T value = read(reader);
    if (reader.position != length) {
      throw new CoderException(type.getSimpleName() + " decoded from " + reader.position + " of its " + length + " bytes");
    }
    return value;
  }

  @Override
  public final void verifyDeterministic() {}

  @Override
  public final boolean consistentWithEquals() {
    return true;
  }

  @Override
  public final TypeDescriptor<T> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(type);
  }

  /** What {@code @DefaultCoder} asks for: {@code coder} for {@code type} and its AutoValue subclass. */
  static <T> CoderProvider providerFor(Class<T> type, Coder<T> coder) {
    return new CoderProvider() {
      @Override
      @SuppressWarnings("unchecked")
      public <X> Coder<X> coderFor(TypeDescriptor<X> requested, List<? extends Coder<?>> componentCoders)
          throws CannotProvideCoderException {
        if (!type.isAssignableFrom(requested.getRawType())) {
          throw new CannotProvideCoderException(coder + " encodes " + type.getName() + ", not " + requested);
        }
        return (Coder<X>) coder;
      }
    };
  }

  /** A growable buffer the fields are written into. */
  static final class Writer {
    private byte[] bytes = new byte[256];
    private int size;

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void writeByte(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    void writeBoolean(boolean b) {
      writeByte(b ? 1 : 0);
    }

    private void writeVarLong(long n) {
      ensure(10);
      while ((n & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((n & 0x7F) | 0x80);
        n >>>= 7;
      }
      bytes[size++] = (byte) n;
    }

    /** An unsigned varint: lengths and counts. */
    void writeLength(int n) {
      writeVarLong(n);
    }

    /** A zig-zag varlong, short for small values of either sign. */
    void writeLong(long v) {
      writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeBytes(byte[] b) {
      writeLength(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
    }

    void writeString(String s) {
      writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeNullableString(@Nullable String s) {
      writeBoolean(s != null);
      if (s != null) {
        writeString(s);
      }
    }

    void writeInstant(Instant instant) {
      writeLong(instant.getMillis());
    }

    void writeNullableInstant(@Nullable Instant instant) {
      writeBoolean(instant != null);
      if (instant != null) {
        writeInstant(instant);
      }
    }

    /** Scale, then the unscaled value: a varlong when it fits (kind 0), else its two's-complement bytes (kind 1). */
    void writeDecimal(BigDecimal decimal) {
      writeLong(decimal.scale());
      BigInteger unscaled = decimal.unscaledValue();
      if (unscaled.bitLength() < Long.SIZE) {
        writeByte(0);
        writeLong(unscaled.longValue());
      } else {
        writeByte(1);
        writeBytes(unscaled.toByteArray());
      }
    }

    void writeSourceRef(SourceRef ref) {
      writeString(ref.getSource());
      writeLong(ref.getPartition());
      writeLong(ref.getOffset());
    }
  }

  /** Reads the fields back from one record's block; every read past its end is a {@link CoderException}. */
  static final class Reader {
    private final byte[] bytes;
    private final Class<?> type;
    private int position;

    private Reader(byte[] bytes, Class<?> type) {
      this.bytes = bytes;
      this.type = type;
    }

    private CoderException ended() {
      return new CoderException("stream ended inside a " + type.getSimpleName() + " at byte " + position);
    }

    int readByte() throws CoderException {
      if (position >= bytes.length) {
        throw ended();
      }
      return bytes[position++];
    }

    boolean readBoolean() throws CoderException {
      int b = readByte();
      if (b != 0 && b != 1) {
        throw new CoderException(type.getSimpleName() + " has a presence byte of " + b + " at byte " + (position - 1));
      }
      return b == 1;
    }

    int readLength() throws CoderException {
      long n = readVarLong();
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new CoderException(type.getSimpleName() + " has a length of " + n + " at byte " + position);
      }
      return (int) n;
    }

    private long readVarLong() throws CoderException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new CoderException(type.getSimpleName() + " has a varint longer than 10 bytes at byte " + position);
    }

    long readLong() throws CoderException {
      long n = readVarLong();
      return (n >>> 1) ^ -(n & 1);
    }

    int readInt() throws CoderException {
      long v = readLong();
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new CoderException(type.getSimpleName() + " has an int of " + v + " at byte " + position);
      }
      return (int) v;
    }

    /** Moves past the next {@code length} bytes (a cut block is an error); returns where they start. */
    private int claimBytes(int length) throws CoderException {
      if (length > bytes.length - position) {
        throw ended();
      }
      int start = position;
      position += length;
      return start;
    }

    byte[] readBytes() throws CoderException {
      int length = readLength();
      int start = claimBytes(length);
      return Arrays.copyOfRange(bytes, start, start + length);
    }

    String readString() throws CoderException {
      int length = readLength();
      return new String(bytes, claimBytes(length), length, StandardCharsets.UTF_8);
    }

    @Nullable
    String readNullableString() throws CoderException {
      return readBoolean() ? readString() : null;
    }

    Instant readInstant() throws CoderException {
      return Instant.ofEpochMilli(readLong());
    }

    @Nullable
    Instant readNullableInstant() throws CoderException {
      return readBoolean() ? readInstant() : null;
    }

    BigDecimal readDecimal() throws CoderException {
      int scale = readInt();
      int kind = readByte();
      switch (kind) {
        case 0:
          return BigDecimal.valueOf(readLong(), scale);
        case 1:
          return new BigDecimal(new BigInteger(readBytes()), scale);
        default:
          throw new CoderException(type.getSimpleName() + " has a decimal of unknown kind " + kind + " at byte " + position);
      }
    }

    SourceRef readSourceRef() throws CoderException {
      return SourceRef.of(readString(), readInt(), readLong());
    }
  }
}
