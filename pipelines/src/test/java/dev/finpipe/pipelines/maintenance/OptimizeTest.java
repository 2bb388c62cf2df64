package dev.finpipe.pipelines.maintenance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.Tables;
import dev.finpipe.model.Transaction;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.testing.SilverFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OptimizeTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final long TARGET = 128L * 1024 * 1024;
  private String warehouse;
  private DeltaTable silver;
  private int runs;

  @Before
  public void setUp() {
    warehouse = tmp.getRoot().getAbsolutePath();
    silver = DeltaTable.at(warehouse, Tables.SILVER);
  }

  /** One silver commit of one file per list of rows, as a stage run would make it. */
  private long commitRun(List<List<Transaction>> files) {
    String runId = "silver-t" + runs;
    for (int i = 0; i < files.size(); i++) {
      SilverFiles.write(warehouse, runId, i, files.get(i));
    }
    List<DataFile> found = RunFiles.find(warehouse, Tables.SILVER, runId);
    return silver.commit(TableCommit.builder().setAppId("silver").setAppVersion(runs++).setAdds(found).build()).getAsLong();
  }

  private static List<Transaction> rows(String prefix, String date, int hour, int count) {
    List<Transaction> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(SilverFiles.tx(prefix + "-" + i, "U-" + (i % 3), "1" + i + ".50", String.format("%sT%02d:%02d:00Z", date, hour, i)));
    }
    return rows;
  }

  /** Three runs of small files over two dates, and a date with a single file. */
  private void smallFiles() {
    commitRun(List.of(rows("a", "2026-11-20", 1, 5), rows("b", "2026-11-21", 1, 4)));
    commitRun(List.of(rows("c", "2026-11-20", 2, 3), rows("d", "2026-11-21", 2, 6)));
    commitRun(List.of(rows("e", "2026-11-20", 3, 2), rows("f", "2026-11-22", 3, 1)));
  }

  private List<String> content() {
    return silverContent(warehouse);
  }

  /** Silver's rows as text, sorted: equal lists mean the same rows. */
  static List<String> silverContent(String warehouse) {
    return TableSnapshots.rows(warehouse, Tables.SILVER).stream().map(Object::toString).sorted().collect(Collectors.toList());
  }

  private Map<String, Long> filesPerDate() {
    return filesPerDate(silver);
  }

  static Map<String, Long> filesPerDate(DeltaTable table) {
    return table.liveFiles(null).stream().collect(Collectors.groupingBy(DataFile::partitionValue, Collectors.counting()));
  }

  @Test
  public void compactionKeepsEveryRowAndCommitsOneVersionIncrementalReadersSkip() {
    smallFiles();
    List<String> before = content();
    long versionBefore = silver.version();
    assertEquals(Map.of("2026-11-20", 3L, "2026-11-21", 2L, "2026-11-22", 1L), filesPerDate());

    Optimize.Result result = Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), TARGET, 3, () -> {});

    assertEquals(versionBefore + 1, result.version);
    assertEquals(versionBefore + 1, silver.version());
    assertEquals(5, result.removedFiles);
    assertEquals(2, result.addedFiles);
    assertEquals(20, result.rows);
    assertEquals(Map.of("2026-11-20", 1L, "2026-11-21", 1L, "2026-11-22", 1L), filesPerDate());
    assertEquals(before, content());
    // Silver's watermark (the files' max event time tags) and the merged files' statistics survive the rewrite.
    assertEquals(org.joda.time.Instant.parse("2026-11-22T03:00:00Z"), silver.maxEventTime());
    for (DataFile file : silver.liveFiles(null)) {
      assertTrue(file.relativePath(), file.maxEventTime() != null);
    }
    // Gold, reading silver from the last version it consumed, finds nothing new.
    assertEquals(List.of(), silver.filesAddedBetween(versionBefore, silver.version()));
    assertEquals(DeltaTable.OPTIMIZE, silver.history().get((int) silver.version()).operationMetrics().get("operation"));

    // Nothing left to compact: a second run commits nothing.
    assertEquals(-1, Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), TARGET, 3, () -> {}).version);
  }

  @Test
  public void whereLimitsTheCompactionToThePartitionsItAdmits() {
    smallFiles();
    List<String> before = content();
    Optimize.Result result =
        Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.parse("event_date >= '2026-11-21'"), TARGET, 3, () -> {});
    assertEquals(2, result.removedFiles);
    assertEquals(Map.of("2026-11-20", 3L, "2026-11-21", 1L, "2026-11-22", 1L), filesPerDate());
    assertEquals(before, content());
  }

  @Test
  public void filesAboveTheTargetAreLeftAndBinsStayBelowIt() {
    smallFiles();
    long size = silver.liveFiles(null).stream().mapToLong(DataFile::sizeBytes).max().getAsLong();
    // A target of just over two files' size: 2026-11-20's three files become two bins of which only one has two files.
    Optimize.Result result = Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), 2 * size + 1, 3, () -> {});
    assertEquals(Map.of("2026-11-20", 2L, "2026-11-21", 1L, "2026-11-22", 1L), filesPerDate());
    assertEquals(4, result.removedFiles);
  }

  @Test
  public void aConcurrentAppendIsKept() {
    smallFiles();
    List<String> before = content();
    List<Transaction> late = rows("g", "2026-11-20", 4, 2);
    Optimize.Result result =
        Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), TARGET, 3, () -> commitRun(List.of(late)));
    assertEquals(1, result.attempts);
    List<String> expected = new ArrayList<>(before);
    expected.addAll(rowsOf(late));
    assertEquals(expected.stream().sorted().collect(Collectors.toList()), content());
    // The appended file is live beside the merged one, and is new data for incremental readers.
    assertEquals(Map.of("2026-11-20", 2L, "2026-11-21", 1L, "2026-11-22", 1L), filesPerDate());
    assertEquals(1, silver.filesAddedBetween(result.version - 2, result.version).size());
  }

  @Test
  public void aConcurrentRemovalOfItsFilesMakesItPlanAgainOrGiveUpCleanly() {
    smallFiles();
    AtomicInteger replaced = new AtomicInteger();
    Runnable replaceDay20 =
        () -> {
          if (replaced.getAndIncrement() == 0) {
            String runId = "gold-like-" + replaced.get();
            SilverFiles.write(warehouse, runId, 0, rows("r", "2026-11-20", 5, 2));
            silver.commit(TableCommit.builder().setAppId("replacer").setAppVersion(0)
                .setAdds(RunFiles.find(warehouse, Tables.SILVER, runId)).setReplacePartitions(Set.of("2026-11-20")).build());
          }
        };
    List<String> day20Replaced = new ArrayList<>();

    Optimize.Result result = Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), TARGET, 3, replaceDay20);

    assertEquals(2, result.attempts);
    // The second plan sees 2026-11-20 as the replacement left it (one file): only 2026-11-21 is compacted.
    assertEquals(2, result.removedFiles);
    for (String row : content()) {
      if (row.contains("\"transaction_id\": \"r-")) {
        day20Replaced.add(row);
      }
    }
    assertEquals(2, day20Replaced.size());
    assertEquals(Map.of("2026-11-20", 1L, "2026-11-21", 1L, "2026-11-22", 1L), filesPerDate());
    assertEquals(2 + 10 + 1, content().size());
    // The first attempt's files are gone from disk, not just from the log.
    assertEquals(1, RunFiles.listDataFiles(warehouse, Tables.SILVER).stream()
        .filter(f -> f.getPath().getName().startsWith("part-optimize-")).count());
  }

  @Test
  public void afterTheLastConflictingAttemptTheTableIsUnchanged() {
    smallFiles();
    long version = silver.version();
    Set<String> live = silver.liveFiles(null).stream().map(DataFile::relativePath).collect(Collectors.toSet());
    Set<String> removedByOther = new java.util.HashSet<>();
    Runnable removeADay20File =
        () -> {
          // Another writer takes away one of the files being compacted, every time.
          DeltaTable.Rewrite other = silver.startRewrite();
          DataFile day20 = other.liveFiles().stream().filter(f -> f.partitionValue().equals("2026-11-20")).findFirst().get();
          other.commit(List.of(day20), List.of(), Map.of());
          removedByOther.add(day20.relativePath());
        };
    Optimize.Result result = Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), TARGET, 2, removeADay20File);
    assertTrue(result.gaveUp);
    assertEquals(2, result.attempts);
    assertEquals(version + 2, silver.version()); // only the other writer's two commits
    assertEquals(2, removedByOther.size());
    live.removeAll(removedByOther);
    assertEquals(live, silver.liveFiles(null).stream().map(DataFile::relativePath).collect(Collectors.toSet()));
    assertEquals(0, RunFiles.listDataFiles(warehouse, Tables.SILVER).stream()
        .filter(f -> f.getPath().getName().startsWith("part-optimize-")).count());
  }

  private static List<String> rowsOf(List<Transaction> rows) {
    dev.finpipe.io.SilverRows format = new dev.finpipe.io.SilverRows();
    return rows.stream().map(t -> format.toRecord(t).toString()).collect(Collectors.toList());
  }

  /** The event times (microseconds) of one file's rows, in file order, read back from the file itself. */
  private List<Long> eventTimesIn(DataFile file) {
    List<Long> times = new ArrayList<>();
    TableSnapshots.forEachRowOf(List.of(silver.absolutePath(file)), null, r -> times.add((Long) r.get("event_time")));
    return times;
  }

  @Test
  public void sortedCompactionKeepsEveryRowAndGivesEachFileItsOwnRangeOfTheSortColumn() {
    // Four runs whose files each span the same hours, their event times interleaved (minute 4 * i + run).
    for (int run = 0; run < 4; run++) {
      List<Transaction> rows = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int minute = 4 * i + run;
        rows.add(SilverFiles.tx("r" + run + "-" + i, "U-" + (i % 5), "2." + i,
            String.format("2026-11-20T%02d:%02d:00Z", minute / 60, minute % 60)));
      }
      commitRun(List.of(rows));
    }
    commitRun(List.of(rows("z", "2026-11-21", 1, 3))); // a partition of one file: left alone
    List<String> before = content();
    List<Long> allTimes = new ArrayList<>();
    silver.liveFiles(Set.of("2026-11-20")).forEach(f -> allTimes.addAll(eventTimesIn(f)));
    allTimes.sort(Comparator.naturalOrder());
    long bytes = silver.liveFiles(Set.of("2026-11-20")).stream().mapToLong(DataFile::sizeBytes).sum();

    Optimize.Result result = Optimize.compact(warehouse, Tables.SILVER, PartitionFilter.all(), bytes / 3 + 1,
        List.of("event_time"), 3, () -> {});

    assertEquals(4, result.removedFiles);
    assertEquals(3, result.addedFiles); // the partition's bytes over the target, rounded up
    assertEquals(before, content());
    assertEquals(Map.of("2026-11-20", 3L, "2026-11-21", 1L), filesPerDate());
    List<List<Long>> perFile = silver.liveFiles(Set.of("2026-11-20")).stream().map(this::eventTimesIn)
        .sorted(Comparator.comparing(times -> times.get(0))).collect(Collectors.toList());
    assertEquals(List.of(54, 54, 52), perFile.stream().map(List::size).collect(Collectors.toList()));
    // Concatenated in order of their first row, the files hold exactly the partition's event times, sorted: each file
    // is sorted and starts after the previous one ends, so a time filter matches one file's min/max range.
    List<Long> concatenated = new ArrayList<>();
    perFile.forEach(concatenated::addAll);
    assertEquals(allTimes, concatenated);
    for (int f = 1; f < perFile.size(); f++) {
      List<Long> previous = perFile.get(f - 1);
      assertTrue(previous.get(previous.size() - 1) < perFile.get(f).get(0));
    }
    // Incremental readers skip the rewrite as for an unsorted one.
    assertEquals(List.of(), silver.filesAddedBetween(silver.version() - 1, silver.version()));
  }

  @Test
  public void sortByMustNameASortableColumnOfTheOneTableGiven() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Optimize.run(
        PipelineOptionsFactory.fromArgs("--warehouse=" + warehouse, "--table=silver/transactions", "--sortBy=amount")
            .as(Optimize.Options.class)));
    assertTrue(unknown.getMessage(), unknown.getMessage().startsWith(
        "--sortBy: silver/transactions has no sortable column \"amount\" (decimals and the partition column are not);"
            + " its sortable columns are transaction_id, account_id, user_id, "));
    IllegalArgumentException noTable = assertThrows(IllegalArgumentException.class, () -> Optimize.run(
        PipelineOptionsFactory.fromArgs("--warehouse=" + warehouse, "--sortBy=user_id").as(Optimize.Options.class)));
    assertEquals("--sortBy needs --table: the tables have different columns", noTable.getMessage());
  }
}
