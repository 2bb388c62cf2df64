package dev.finpipe.io;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.FailedRecord.Stage;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.ModelCoders;
import dev.finpipe.model.SourceRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    return ModelCoders.outputsOrFailures(lines, RECORDS, RawRecord.class, FAILURES);
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
      byte[] chunk = new byte[1 << 16];
      try (InputStream in = Channels.newInputStream(file.open())) {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (chunk[i] == '\n') {
              line.add(chunk, start, i - start);
              lineNumber++;
              emit(line, SourceRef.fileLine(path, lineNumber), out);
              line.reset();
              start = i + 1;
            }
          }
          line.add(chunk, start, n - start);
        }
      }
      if (line.length() > 0) { // a last line without a final newline
        emit(line, SourceRef.fileLine(path, lineNumber + 1), out);
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

  /** One line's bytes, keeping at most the limit while counting the rest (to report the real size). */
  static final class LineBuffer {
    private final int limit;
    private byte[] bytes = new byte[1024];
    private int kept;
    private long total;

    LineBuffer(int limit) {
      this.limit = limit;
    }

    void add(byte[] source, int offset, int length) {
      total += length;
      int room = Math.min(length, limit + 1 - kept); // one byte past the limit marks the overflow
      if (room <= 0) {
        return;
      }
      if (kept + room > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, kept + room));
      }
      System.arraycopy(source, offset, bytes, kept, room);
      kept += room;
    }

    void reset() {
      kept = 0;
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
      for (int i = 0; i < kept; i++) {
        byte x = bytes[i];
        if (x != ' ' && x != '\t' && x != '\r') {
          return false;
        }
      }
      return true;
    }

    String strictText() throws CharacterCodingException {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, textLength()))
          .toString();
    }

    String lenientText() {
      return new String(bytes, 0, textLength(), StandardCharsets.UTF_8);
    }

    /** Kept bytes up to the limit, without a Windows line end's carriage return. */
    private int textLength() {
      int n = Math.min(kept, limit);
      return n > 0 && bytes[n - 1] == '\r' ? n - 1 : n;
    }
  }
}
