package dev.finpipe.parse;

import static org.junit.Assert.assertEquals;

import dev.finpipe.model.FailedRecord;
import dev.finpipe.model.RawRecord;
import dev.finpipe.testing.Counters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;

/** What the parse tests of every domain check the same way: both outputs in full, then every counter. */
final class ParseChecks {
  private ParseChecks() {}

  /**
   * Asserts that {@code result} holds exactly {@code parsed} and {@code failures} (an empty list asserts an empty
   * output), runs {@code p}, and asserts every counter of {@link ParseRecords}: {@code parsed} and {@code failed} as
   * many as the lists hold, {@code failed_<REASON>} as {@code failedByReason} says and 0 for reasons it leaves out.
   */
  static <T> PipelineResult expect(
      TestPipeline p,
      WithFailures.Result<PCollection<T>, FailedRecord> result,
      List<T> parsed,
      List<FailedRecord> failures,
      Map<ParseReason, Long> failedByReason) {
    PAssert.that(result.output()).containsInAnyOrder(parsed);
    PAssert.that(result.failures()).containsInAnyOrder(failures);
    PipelineResult run = p.run();

    Map<String, Long> expected = new TreeMap<>();
    expected.put("parsed", (long) parsed.size());
    expected.put("failed", (long) failures.size());
    for (ParseReason reason : ParseReason.values()) {
      expected.put("failed_" + reason, failedByReason.getOrDefault(reason, 0L));
    }
    assertEquals(expected, Counters.values(run, ParseRecords.class, expected.keySet()));
    return run;
  }

  /** A PARSE failure of {@code raw} with neither record id nor event time, until the test sets them. */
  static FailedRecord.Builder failure(RawRecord raw, String error, ParseReason... reasons) {
    List<String> names = Arrays.stream(reasons).map(Enum::name).collect(Collectors.toList());
    return FailedRecord.of(FailedRecord.Stage.PARSE, names, error, raw).toBuilder();
  }
}
