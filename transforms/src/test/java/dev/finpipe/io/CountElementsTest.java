package dev.finpipe.io;

import static org.junit.Assert.assertEquals;

import dev.finpipe.testing.Counters;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class CountElementsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final List<String> DATES =
      List.of("2026-11-20T01", "2026-11-20T02", "2026-11-21T09", "2026-11-20T03", "2026-11-22T00");

  @Test
  public void countsEveryElementAndPassesItOn() {
    PCollection<String> out = pipeline.apply(Create.of(DATES)).apply(CountElements.as(CountElementsTest.class, "seen"));

    PAssert.that(out).containsInAnyOrder(DATES);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(5, Counters.value(result, CountElementsTest.class, "seen"));
  }

  @Test
  public void byKeyCountsEachElementUnderItsKeysCounterOnly() {
    PCollection<String> out =
        pipeline.apply(Create.of(DATES)).apply(CountElements.byKey(CountElementsTest.class, "of_", s -> s.substring(0, 10)));

    PAssert.that(out).containsInAnyOrder(DATES);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(
        Map.of("of_2026-11-20", 3L, "of_2026-11-21", 1L, "of_2026-11-22", 1L, "of_2026-11-23", 0L, "of_", 0L),
        Counters.values(result, CountElementsTest.class,
            List.of("of_2026-11-20", "of_2026-11-21", "of_2026-11-22", "of_2026-11-23", "of_")));
  }

  @Test
  public void byKeyOfAnEmptyInputCountsNothingAndOutputsNothing() {
    PCollection<String> out =
        pipeline.apply(Create.empty(org.apache.beam.sdk.coders.StringUtf8Coder.of()))
            .apply(CountElements.byKey(CountElementsTest.class, "of_", s -> s.substring(0, 10)));

    PAssert.that(out).empty();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(0, Counters.value(result, CountElementsTest.class, "of_2026-11-20"));
  }
}
