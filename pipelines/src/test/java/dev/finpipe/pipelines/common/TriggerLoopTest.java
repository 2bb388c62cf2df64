package dev.finpipe.pipelines.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class TriggerLoopTest {
  /** Batches of one stage whose reports leave the given backlogs, in order; running out of them fails. */
  private static Supplier<List<RunReport>> batchesLeaving(long... backlogs) {
    Deque<Long> left = new ArrayDeque<>();
    for (long b : backlogs) {
      left.add(b);
    }
    int[] run = {0};
    return () -> {
      if (left.isEmpty()) {
        throw new AssertionError("a batch more than the backlog called for");
      }
      return List.of(new RunReport("silver", "silver-" + (++run[0]), "DirectRunner").backlog(left.removeFirst()));
    };
  }

  private static List<String> runIds(List<RunReport> reports) {
    return reports.stream().map(RunReport::runId).collect(Collectors.toList());
  }

  private static ContinuousOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(ContinuousOptions.class);
  }

  @Test
  public void anAvailableNowRunRepeatsBatchesUntilNoneLeavesABacklog() {
    List<RunReport> reports = TriggerLoop.runAll("silver", options(), batchesLeaving(500, 20, 0));
    assertEquals(List.of("silver-1", "silver-2", "silver-3"), runIds(reports));
    assertEquals(500, reports.get(0).backlog());
    assertEquals(500, reports.get(0).count("records left for the next batch"));
    assertFalse(reports.get(2).counts().containsKey("records left for the next batch"));
  }

  @Test
  public void anAvailableNowRunThatCatchesUpAtOnceIsOneBatch() {
    assertEquals(List.of("silver-1"), runIds(TriggerLoop.runAll("silver", options(), batchesLeaving(0))));
  }

  @Test
  public void anAvailableNowRunOfSeveralStagesRepeatsWhileAnyOfThemLeftABacklog() {
    int[] round = {0};
    Supplier<List<RunReport>> medallion = () -> {
      round[0]++;
      // bronze leaves records twice; silver keeps pace; gold never has a backlog
      return List.of(new RunReport("bronze", "bronze-" + round[0], "DirectRunner").backlog(round[0] < 3 ? 10 : 0),
          new RunReport("silver", "silver-" + round[0], "DirectRunner"),
          new RunReport("gold", "gold-" + round[0], "DirectRunner"));
    };
    List<RunReport> reports = TriggerLoop.runAll("medallion", options(), medallion);
    assertEquals(9, reports.size());
    assertEquals(List.of("bronze-3", "silver-3", "gold-3"), runIds(reports.subList(6, 9)));
  }

  @Test(timeout = 60_000)
  public void aContinuousLoopStartsTheNextBatchAtOnceWhileThereIsABacklog() {
    // With an hour's trigger interval, only the backlog can make the three batches run within the test's timeout.
    TriggerLoop loop = TriggerLoop.forStage("silver", options("--continuous", "--triggerInterval=1h", "--maxBatches=3"));
    List<RunReport> reports = loop.loopAll(batchesLeaving(9, 9, 9));
    assertEquals(3, reports.size());
  }
}
