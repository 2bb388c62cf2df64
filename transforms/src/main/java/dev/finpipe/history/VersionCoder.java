package dev.finpipe.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.joda.time.Instant;

/**
 * Encodes a {@link Version} as its record (with the record's coder, normally its model coder from
 * {@link dev.finpipe.model.ModelCoders}), then {@code valid_from}, then the nullable {@code valid_to}. Deterministic
 * whenever the record's coder is, so versions can be grouped and compared by their encoding.
 *
 * @param <T> the domain's change record
 */
public final class VersionCoder<T> extends StructuredCoder<Version<T>> {
  private static final Coder<Instant> VALID_FROM = InstantCoder.of();
  private static final Coder<Instant> VALID_TO = NullableCoder.of(InstantCoder.of());

  private final Coder<T> recordCoder;

  private VersionCoder(Coder<T> recordCoder) {
    this.recordCoder = recordCoder;
  }

  public static <T> VersionCoder<T> of(Coder<T> recordCoder) {
    return new VersionCoder<>(recordCoder);
  }

  public Coder<T> getRecordCoder() {
    return recordCoder;
  }

  @Override
  public void encode(Version<T> version, OutputStream out) throws IOException {
    recordCoder.encode(version.getRecord(), out);
    VALID_FROM.encode(version.getValidFrom(), out);
    VALID_TO.encode(version.getValidTo(), out);
  }

  @Override
  public Version<T> decode(InputStream in) throws IOException {
    T record = recordCoder.decode(in);
    Instant validFrom = VALID_FROM.decode(in);
    return Version.of(record, validFrom, VALID_TO.decode(in));
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(recordCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "the record coder must be deterministic", recordCoder);
  }

  @Override
  public boolean consistentWithEquals() {
    // The instants are; Version's equals compares the record with equals.
    return recordCoder.consistentWithEquals();
  }
}
