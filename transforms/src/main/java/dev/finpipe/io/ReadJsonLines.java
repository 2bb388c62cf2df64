package dev.finpipe.io;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.FailedRecord.Stage;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Reads JSON-lines files into bronze {@link RawRecord}s, one per non-blank line, keeping the file and 1-based line
 * number of each. Lines that cannot be kept as text go to the failure output (stage INGEST): {@code NOT_UTF8} (the
 * payload is kept with replacement characters) and {@code OVERSIZE} (the payload is kept truncated). Blank lines are
 * not records; they are counted and skipped. Compressed files ({@code .gz}, ...) are decompressed by extension.
 */
public final class ReadJsonLines extends PTransform<PBegin, WithFailures.Result<PCollection<RawRecord>, FailedRecord>> {
  public static final TupleTag<RawRecord> RECORDS = new TupleTag<RawRecord>() {};
  public static final TupleTag<FailedRecord> FAILURES = new TupleTag<FailedRecord>() {};

  public static final String REASON_NOT_UTF8 = "NOT_UTF8";
  public static final String REASON_OVERSIZE = "OVERSIZE";

  private final List<String> files;
  private final Instant ingestedAt;
  private final int maxRecordBytes;

  private ReadJsonLines(List<String> files, Instant ingestedAt, int maxRecordBytes) {
    this.files = List.copyOf(files);
    this.ingestedAt = ingestedAt;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ReadJsonLines from(List<String> files) {
    return new ReadJsonLines(files, Instant.now(), 1024 * 1024);
  }

  /** The ingest time stamped on every record (one per run, so bronze partitions by the run's date). */
  public ReadJsonLines ingestedAt(Instant instant) {
    return new ReadJsonLines(files, instant, maxRecordBytes);
  }

  public ReadJsonLines withMaxRecordBytes(int bytes) {
    return new ReadJsonLines(files, ingestedAt, bytes);
  }

  @Override
  public WithFailures.Result<PCollection<RawRecord>, FailedRecord> expand(PBegin begin) {
    PCollectionTuple lines =
        begin
            .apply("ListFiles", Create.of(files).withCoder(StringUtf8Coder.of()))
            .apply("SpreadFiles", Reshuffle.viaRandomKey())
            .apply("MatchFiles", FileIO.matchAll())
            .apply("OpenFiles", FileIO.readMatches())
            .apply(
                "SplitLines",
                ParDo.of(new SplitLinesFn(ingestedAt, maxRecordBytes))
                    .withOutputTags(RECORDS, TupleTagList.of(FAILURES)));
    return WithFailures.Result.of(lines.get(RECORDS), lines.get(FAILURES));
  }

  static final class SplitLinesFn extends DoFn<FileIO.ReadableFile, RawRecord> {
    private final Instant ingestedAt;
    private final int maxRecordBytes;
    private final Counter read = Metrics.counter(ReadJsonLines.class, "lines_read");
    private final Counter blank = Metrics.counter(ReadJsonLines.class, "blank_lines_skipped");
    private final Counter notUtf8 = Metrics.counter(ReadJsonLines.class, "failed_not_utf8");
    private final Counter oversize = Metrics.counter(ReadJsonLines.class, "failed_oversize");

    SplitLinesFn(Instant ingestedAt, int maxRecordBytes) {
      this.ingestedAt = ingestedAt;
      this.maxRecordBytes = maxRecordBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String path = file.getMetadata().resourceId().toString();
      LineBuffer line = new LineBuffer(maxRecordBytes);
      long lineNumber = 0;
      try (InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16)) {
        int b;
        while (true) {
          b = in.read();
          if (b == '\n' || b < 0) {
            if (b >= 0 || line.length() > 0 || line.overflowed()) {
              lineNumber++;
              emit(line, SourceRef.fileLine(path, lineNumber), out);
            }
            if (b < 0) {
              break;
            }
            line.reset();
          } else {
            line.add(b);
          }
        }
      }
    }

    private void emit(LineBuffer line, SourceRef ref, MultiOutputReceiver out) {
      if (line.isBlank()) {
        blank.inc();
        return;
      }
      read.inc();
      if (line.overflowed()) {
        oversize.inc();
        out.get(FAILURES)
            .output(
                FailedRecord.of(
                    Stage.INGEST,
                    List.of(REASON_OVERSIZE),
                        "Record is " + line.totalBytes() + " bytes, over the limit of " + maxRecordBytes,
                        RawRecord.of(line.lenientText(), ref, ingestedAt))
                    .toBuilder()
                    .setPayloadTruncated(true)
                    .build());
        return;
      }
      try {
        String text = line.strictText();
        out.get(RECORDS).output(RawRecord.of(text, ref, ingestedAt));
      } catch (CharacterCodingException e) {
        notUtf8.inc();
        out.get(FAILURES)
            .output(
                FailedRecord.of(
                    Stage.INGEST,
                    List.of(REASON_NOT_UTF8),
                    "Record is not valid UTF-8 (shown with replacement characters)",
                    RawRecord.of(line.lenientText(), ref, ingestedAt)));
      }
    }
  }

  /** One line's bytes, keeping at most the limit (plus one byte to detect overflow) while counting the rest. */
  static final class LineBuffer {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    private long total;

    LineBuffer(int limit) {
      this.limit = limit;
    }

    void add(int b) {
      total++;
      if (bytes.size() <= limit) {
        bytes.write(b);
      }
    }

    void reset() {
      bytes.reset();
      total = 0;
    }

    long length() {
      return total;
    }

    long totalBytes() {
      return total;
    }

    boolean overflowed() {
      return total > limit;
    }

    boolean isBlank() {
      if (overflowed()) {
        return false;
      }
      byte[] b = bytes.toByteArray();
      for (byte x : b) {
        if (x != ' ' && x != '\t' && x != '\r') {
          return false;
        }
      }
      return true;
    }

    String strictText() throws CharacterCodingException {
      byte[] b = withoutCarriageReturn();
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    }

    String lenientText() {
      return new String(withoutCarriageReturn(), StandardCharsets.UTF_8);
    }

    private byte[] withoutCarriageReturn() {
      byte[] b = bytes.toByteArray();
      int n = Math.min(b.length, limit);
      if (n > 0 && b[n - 1] == '\r') {
        n--;
      }
      return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }
  }
}
