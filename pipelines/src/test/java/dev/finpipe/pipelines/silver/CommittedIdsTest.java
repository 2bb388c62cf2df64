package dev.finpipe.pipelines.silver;

import static org.junit.Assert.assertEquals;

import dev.finpipe.domain.Domains;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.Tables;
import dev.finpipe.model.RecordKey;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.maintenance.Optimize;
import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Silver's committed-id view against silver itself: it holds exactly the keys silver holds in the open dates, reads
 * only the files committed since its last refresh, skips a compaction's rewrites, drops closed dates, and starts
 * over for a table that is not the one it reflected.
 */
public class CommittedIdsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private String warehouse;

  private RunMedallion.Options options() {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse,
        "--input=" + input + "/*.jsonl").as(RunMedallion.Options.class);
  }

  private void silverOf(String fixture) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/" + fixture)) {
      Files.copy(in, input.resolve(fixture));
    }
    BronzeFromFiles.run(options());
    BronzeToSilver.run(options());
  }

  /** Silver's own keys of the open dates, read here from its rows. */
  private Set<String> silverKeys(Set<String> dates) {
    Set<String> keys = new TreeSet<>();
    TableSnapshots.forEachRow(warehouse, Tables.SILVER, (date, r) -> {
      if (dates.contains(date)) {
        keys.add(r.get("transaction_id") + "@" + AvroValues.timestamp(r, "event_time"));
      }
    });
    return keys;
  }

  private static Set<String> render(List<RecordKey> keys) {
    return keys.stream().map(k -> k.getId() + "@" + k.getEventTime()).collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> allIds() {
    Set<String> ids = new TreeSet<>();
    TableSnapshots.forEachRow(warehouse, Tables.SILVER, (date, r) -> ids.add(r.get("transaction_id").toString()));
    ids.add("t-unknown");
    return ids;
  }

  @Test
  public void viewHoldsSilversKeysReadsOnlyNewFilesSkipsRewritesAndDropsClosedDates() throws IOException {
    input = tmp.newFolder("input").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
    silverOf("batch-1.jsonl");
    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);
    Set<String> open = Set.of("2026-11-20", "2026-11-21");
    CommittedIds view = CommittedIds.of(warehouse, Domains.TRANSACTIONS);

    assertEquals(silver.liveFiles(open).size(), view.refresh(silver, open));
    assertEquals(silverKeys(open), render(view.keysOf(allIds())));
    assertEquals(Set.of("t-001@2026-11-20T10:00:00.000Z"), render(view.keysOf(List.of("t-001", "t-unknown"))));

    long versionBefore = silver.version();
    silverOf("batch-2.jsonl");
    Set<String> open2 = Set.of("2026-11-20", "2026-11-21"); // t-020 (2026-11-18) went LATE: not in silver
    long added = silver.filesAddedBetween(versionBefore, silver.version()).stream()
        .map(DataFile::partitionValue).filter(open2::contains).count();
    assertEquals(added, view.refresh(silver, open2));
    assertEquals(silverKeys(open2), render(view.keysOf(allIds())));

    Optimize.Options optimize = PipelineOptionsFactory.fromArgs("--warehouse=" + warehouse, "--table=silver/transactions")
        .as(Optimize.Options.class);
    Optimize.run(optimize);
    assertEquals(0, view.refresh(silver, open2)); // same rows, rewritten: nothing to read
    assertEquals(silverKeys(open2), render(view.keysOf(allIds())));

    view.refresh(silver, Set.of("2026-11-21"));
    assertEquals(silverKeys(Set.of("2026-11-21")), render(view.keysOf(allIds())));
    assertEquals(silverKeys(Set.of("2026-11-21")).size(), view.size());
  }

  @Test
  public void viewStartsOverForATableThatIsNotTheOneItReflected() throws IOException {
    input = tmp.newFolder("input2").toPath();
    warehouse = tmp.newFolder("warehouse2").getAbsolutePath();
    silverOf("batch-1.jsonl");
    silverOf("batch-2.jsonl");
    Set<String> open = Set.of("2026-11-20", "2026-11-21");
    CommittedIds view = CommittedIds.of(warehouse, Domains.TRANSACTIONS);
    view.refresh(DeltaTable.at(warehouse, Tables.SILVER), open);

    // The warehouse is replaced by a younger one at the same path, holding batch-2 alone.
    tmp.delete();
    java.io.File root = tmp.getRoot();
    root.mkdirs();
    Files.createDirectories(input);
    silverOf("batch-2.jsonl");
    DeltaTable silver = DeltaTable.at(warehouse, Tables.SILVER);

    assertEquals(silver.liveFiles(open).size(), view.refresh(silver, open));
    assertEquals(silverKeys(open), render(view.keysOf(allIds())));
  }
}
