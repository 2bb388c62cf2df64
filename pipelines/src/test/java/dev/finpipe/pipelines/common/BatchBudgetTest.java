package dev.finpipe.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.KafkaRange;
import dev.finpipe.io.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BatchBudgetTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static KafkaRange range(int partition, long from, long to) {
    return KafkaRange.of("tx", partition, from, to);
  }

  private static long total(List<KafkaRange> ranges) {
    return ranges.stream().mapToLong(KafkaRange::size).sum();
  }

  @Test
  public void rangesThatFitAreTakenWhole() {
    List<KafkaRange> ranges = List.of(range(0, 10, 20), range(1, 0, 5));
    assertSame(ranges, BatchBudget.of(15).take(ranges));
    assertSame(ranges, BatchBudget.of(0).take(ranges)); // 0: no limit
  }

  @Test
  public void aBacklogIsSharedByLagAndTheBatchIsExactlyTheBudget() {
    // Lags 600, 300, 100: a budget of 100 is 60, 30 and 10, each from the partition's own next offset.
    assertEquals(List.of(range(0, 1000, 1060), range(1, 50, 80), range(2, 0, 10)),
        BatchBudget.of(100).take(List.of(range(0, 1000, 1600), range(1, 50, 350), range(2, 0, 100))));
    // Lags 5, 5, 5 and a budget of 7: 2 each rounded down, the one left to the first partition.
    assertEquals(List.of(range(0, 0, 3), range(1, 0, 2), range(2, 0, 2)),
        BatchBudget.of(7).take(List.of(range(0, 0, 5), range(1, 0, 5), range(2, 0, 5))));
  }

  @Test
  public void aBudgetSmallerThanThePartitionCountStillMakesProgress() {
    List<KafkaRange> taken = BatchBudget.of(1).take(List.of(range(0, 7, 9), range(1, 3, 4), range(2, 0, 8)));
    assertEquals(1, total(taken));
    assertEquals(List.of(range(0, 7, 8)), taken);
  }

  @Test
  public void repeatedBatchesTakeEveryOffsetOnceAndNoneTwice() {
    List<KafkaRange> backlog = new ArrayList<>(List.of(range(0, 0, 1234), range(1, 0, 17), range(2, 500, 900)));
    BatchBudget budget = BatchBudget.of(100);
    List<String> read = new ArrayList<>();
    int batches = 0;
    while (!backlog.isEmpty()) {
      List<KafkaRange> batch = budget.take(backlog);
      assertEquals(Math.min(100, total(backlog)), total(batch));
      for (KafkaRange r : batch) {
        for (long offset = r.getStartOffset(); offset < r.getEndOffset(); offset++) {
          read.add(r.getPartition() + "@" + offset);
        }
      }
      // What is left: each partition from where its batch ended.
      List<KafkaRange> next = new ArrayList<>();
      for (KafkaRange r : backlog) {
        long from = batch.stream().filter(b -> b.getPartition() == r.getPartition()).mapToLong(KafkaRange::getEndOffset)
            .findFirst().orElse(r.getStartOffset());
        if (from < r.getEndOffset()) {
          next.add(range(r.getPartition(), from, r.getEndOffset()));
        }
      }
      backlog = next;
      batches++;
    }
    assertEquals(17, batches); // 1,651 offsets, 100 a batch
    assertEquals(1234 + 17 + 400, read.size());
    assertEquals(read.size(), read.stream().distinct().count());
  }

  @Test
  public void hugeLagsDoNotOverflow() {
    long lag = Long.MAX_VALUE / 4;
    List<KafkaRange> taken = BatchBudget.of(1_000_000_000L).take(List.of(range(0, 0, lag), range(1, 0, lag)));
    assertEquals(List.of(range(0, 0, 500_000_000L), range(1, 0, 500_000_000L)), taken);
  }

  @Test
  public void aNegativeBudgetSaysWhatToGive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchBudget.of(-5));
    assertThat(e.getMessage(), containsString("--maxRecordsPerTrigger=-5 is negative"));
    assertThat(e.getMessage(), containsString("0 for no limit"));
  }

  /** A bronze table whose versions 0, 1, ... add {@code rows[v]} rows (one file each; 0 rows: a file-less commit). */
  private DeltaTable bronzeWithVersions(long... rows) {
    DeltaTable table;
    try {
      table = DeltaTable.at(tmp.newFolder().getAbsolutePath(), Tables.BRONZE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int v = 0; v < rows.length; v++) {
      List<DataFile> adds = rows[v] == 0 ? List.of()
          : List.of(DataFile.of("ingest_date=2026-12-04/v" + v + ".parquet", "2026-12-04", 100, 1_000L, rows[v], null));
      table.commit(TableCommit.builder().setAppId("bronze").setAppVersion(v).setAdds(adds).build());
    }
    return table;
  }

  private static List<String> names(List<DataFile> files) {
    return files.stream().map(f -> f.relativePath().replaceAll(".*/", "")).collect(Collectors.toList());
  }

  @Test
  public void versionsThatFitAreTakenWhole() {
    DeltaTable bronze = bronzeWithVersions(3, 4, 5);
    BatchBudget.Versions batch = BatchBudget.of(12).take(bronze, -1, 2);
    assertEquals(2, batch.upTo);
    assertEquals(List.of("v0.parquet", "v1.parquet", "v2.parquet"), names(batch.files));
    assertEquals(0, batch.rowsLeft);
    assertEquals(2, BatchBudget.of(0).take(bronze, -1, 2).upTo);
  }

  @Test
  public void aBatchTakesWholeVersionsUpToTheBudgetAndLeavesTheRest() {
    DeltaTable bronze = bronzeWithVersions(3, 4, 0, 5, 2);
    BatchBudget budget = BatchBudget.of(7);

    BatchBudget.Versions first = budget.take(bronze, -1, 4);
    assertEquals(2, first.upTo); // 3 + 4, and the empty version 2 with them
    assertEquals(List.of("v0.parquet", "v1.parquet"), names(first.files));
    assertEquals(7, first.rowsLeft);

    BatchBudget.Versions second = budget.take(bronze, first.upTo, 4);
    assertEquals(4, second.upTo);
    assertEquals(List.of("v3.parquet", "v4.parquet"), names(second.files));
    assertEquals(0, second.rowsLeft);
  }

  @Test
  public void aVersionLargerThanTheBudgetGoesThroughAlone() {
    DeltaTable bronze = bronzeWithVersions(10, 1);
    BatchBudget.Versions batch = BatchBudget.of(4).take(bronze, -1, 1);
    assertEquals(0, batch.upTo);
    assertEquals(List.of("v0.parquet"), names(batch.files));
    assertEquals(1, batch.rowsLeft);
    // A later version that would fit after one that does not is not taken out of order.
    BatchBudget.Versions inOrder = BatchBudget.of(4).take(bronzeWithVersions(2, 9, 1), -1, 2);
    assertEquals(0, inOrder.upTo);
    assertEquals(10, inOrder.rowsLeft);
  }
}
