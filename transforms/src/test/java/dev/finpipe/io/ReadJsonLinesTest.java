package dev.finpipe.io;

import static org.junit.Assert.assertEquals;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.FailedRecord.Stage;
import dev.finpipe.model.RawRecord;
import dev.finpipe.model.SourceRef;
import dev.finpipe.testing.Counters;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReadJsonLinesTest {
  private static final Instant INGESTED = Instant.parse("2026-11-22T10:00:00Z");

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyLineIsKeptWithItsLineNumberAndUnusableLinesAreQuarantined() throws Exception {
    File file = tmp.newFile("in.jsonl");
    byte[] notUtf8 = {'{', '"', 'x', '"', ':', '"', (byte) 0xff, '"', '}'};
    try (var out = Files.newOutputStream(file.toPath())) {
      out.write("{\"a\":1}\r\n".getBytes(StandardCharsets.UTF_8)); // line 1, CRLF
      out.write("\n".getBytes(StandardCharsets.UTF_8)); // line 2, blank
      out.write("not json\n".getBytes(StandardCharsets.UTF_8)); // line 3: bronze keeps it, silver judges it
      out.write(notUtf8); // line 4
      out.write("\n".getBytes(StandardCharsets.UTF_8));
      out.write("{\"too\":\"long-long-long\"}\n".getBytes(StandardCharsets.UTF_8)); // line 5: 24 bytes, over the 20-byte limit
      out.write("{\"ñ\":\"ü\"}".getBytes(StandardCharsets.UTF_8)); // line 6, no final newline
    }
    String path = file.getAbsolutePath();

    WithFailures.Result<PCollection<RawRecord>, FailedRecord> result =
        p.apply(ReadJsonLines.from(List.of(path)).ingestedAt(INGESTED).withMaxRecordBytes(20));

    PAssert.that(result.output())
        .containsInAnyOrder(
            RawRecord.of("{\"a\":1}", SourceRef.fileLine(path, 1), INGESTED),
            RawRecord.of("not json", SourceRef.fileLine(path, 3), INGESTED),
            RawRecord.of("{\"ñ\":\"ü\"}", SourceRef.fileLine(path, 6), INGESTED));
    PAssert.that(result.failures())
        .containsInAnyOrder(
            FailedRecord.of(
                Stage.INGEST,
                List.of(ReadJsonLines.REASON_NOT_UTF8),
                "Record is not valid UTF-8 (shown with replacement characters)",
                RawRecord.of("{\"x\":\"\uFFFD\"}", SourceRef.fileLine(path, 4), INGESTED)),
            FailedRecord.of(
                    Stage.INGEST,
                    List.of(ReadJsonLines.REASON_OVERSIZE),
                    "Record is 24 bytes, over the limit of 20",
                    RawRecord.of("{\"too\":\"long-long-lo", SourceRef.fileLine(path, 5), INGESTED))
                .toBuilder()
                .setPayloadTruncated(true)
                .build());
    PipelineResult run = p.run();
    assertEquals(5, Counters.value(run, ReadJsonLines.class, "lines_read"));
    assertEquals(1, Counters.value(run, ReadJsonLines.class, "blank_lines_skipped"));
  }

  @Test
  public void noFilesReadsNothing() {
    WithFailures.Result<PCollection<RawRecord>, FailedRecord> result = p.apply(ReadJsonLines.from(List.of()));
    PAssert.that(result.output()).empty();
    PAssert.that(result.failures()).empty();
    p.run();
  }
}
