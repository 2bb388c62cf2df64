package dev.finpipe.pipelines.bronze;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.TableSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Bronze's per-file progress: exactly once for files that can still arrive, and no per-file entry in the log. */
public class FileProgressTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private String warehouse;

  @Before
  public void folders() throws IOException {
    input = tmp.newFolder("input").toPath();
    warehouse = tmp.newFolder("warehouse").getAbsolutePath();
  }

  private BronzeFromFiles.Options options(String retention) {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--warehouse=" + warehouse,
        "--input=" + input + "/*.jsonl", "--fileProgressRetention=" + retention).as(BronzeFromFiles.Options.class);
  }

  private Path file(String name, int lines, Instant modified) throws IOException {
    Path file = input.resolve(name);
    Files.write(file, Stream.iterate(1, i -> i + 1).limit(lines)
        .map(i -> "{\"file\":\"" + name + "\",\"line\":" + i + "}").collect(Collectors.toList()));
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  /** Bronze rows per source file, recounted from the table's rows. */
  private Map<String, Long> rowsPerFile() {
    return TableSnapshots.rows(warehouse, Tables.BRONZE).stream()
        .collect(Collectors.groupingBy(r -> Path.of(r.get("source").toString()).getFileName().toString(), TreeMap::new,
            Collectors.counting()));
  }

  // What a commit's time looks like to a Delta reader: its commit file's modification time.
  private void commitMadeAt(long version, Instant at) throws IOException {
    Path commit = Path.of(warehouse, Tables.BRONZE.path(), "_delta_log", String.format("%020d.json", version));
    Files.setLastModifiedTime(commit, FileTime.from(at));
  }

  @Test
  public void fileWhoseProgressExpiredIsNotIngestedAgainButANewFileIs() throws IOException {
    Instant now = Instant.now();
    BronzeFromFiles.Options options = options("7d");
    // a.jsonl and b.jsonl are ingested 10 and 8 days ago (their commits' times set back to then) ...
    BronzeFromFiles.Options then = options("30d");
    file("a.jsonl", 3, now.minus(Duration.ofDays(10)));
    assertEquals(1, BronzeFromFiles.run(then).count("input files ingested"));
    commitMadeAt(0, now.minus(Duration.ofDays(10)).plus(Duration.ofHours(1)));
    file("b.jsonl", 2, now.minus(Duration.ofDays(8)));
    assertEquals(1, BronzeFromFiles.run(then).count("input files ingested"));
    commitMadeAt(1, now.minus(Duration.ofDays(8)).plus(Duration.ofHours(1)));
    assertEquals(Map.of("a.jsonl", 3L, "b.jsonl", 2L), rowsPerFile());

    // ... now a.jsonl's commit is older than the 7-day look-back, so its entry is forgotten (b's is the oldest read);
    // both files (same path, size, mtime) are older than the horizon and are not ingested twice. A new file still is.
    file("c.jsonl", 4, now.minus(Duration.ofMinutes(1)));
    RunReport later = BronzeFromFiles.run(options);
    assertEquals(1, later.count("input files ingested"));
    assertEquals(2, later.count("input files modified before the progress horizon, ignored"));
    assertEquals(0, later.count("input files already ingested"));
    assertEquals(Map.of("a.jsonl", 3L, "b.jsonl", 2L, "c.jsonl", 4L), rowsPerFile());
    assertEquals(2, DeltaTable.at(warehouse, Tables.BRONZE).version());

    // Within the horizon the listed files are what keeps a file from a second ingest.
    RunReport again = BronzeFromFiles.run(options);
    assertEquals(0, again.count("input files ingested"));
    assertEquals(1, again.count("input files already ingested"));
    assertEquals(2, DeltaTable.at(warehouse, Tables.BRONZE).version());
    assertEquals(Map.of("a.jsonl", 3L, "b.jsonl", 2L, "c.jsonl", 4L), rowsPerFile());
  }

  @Test
  public void changedFileWithinTheRetentionIsIngestedAsANewFile() throws IOException {
    Instant now = Instant.now();
    BronzeFromFiles.Options options = options("7d");
    file("a.jsonl", 2, now.minus(Duration.ofHours(3)));
    assertEquals(1, BronzeFromFiles.run(options).count("input files ingested"));
    file("a.jsonl", 5, now.minus(Duration.ofHours(1))); // rewritten: another size and mtime
    assertEquals(1, BronzeFromFiles.run(options).count("input files ingested"));
    assertEquals(Map.of("a.jsonl", 7L), rowsPerFile());
  }

  @Test
  public void txnEntriesStayBoundedAfterManyFiles() throws IOException {
    Instant now = Instant.now();
    BronzeFromFiles.Options options = options("7d");
    int files = 0;
    for (int run = 1; run <= 6; run++) {
      for (int k = 0; k < 3; k++) {
        file("run" + run + "-" + k + ".jsonl", 1 + k, now.minus(Duration.ofMinutes(60 - run)));
        files++;
      }
      assertEquals(3, BronzeFromFiles.run(options).count("input files ingested"));
      assertEquals(0, BronzeFromFiles.run(options).count("input files ingested"));
    }
    assertEquals(files, rowsPerFile().size());
    assertEquals(6 * (1 + 2 + 3), rowsPerFile().values().stream().mapToLong(Long::longValue).sum());
    // Every SetTransaction any bronze commit wrote (the snapshot's txns are their union): the stage's one marker.
    assertEquals(Set.of(BronzeFromFiles.APP_ID), txnAppIds(Path.of(warehouse, Tables.BRONZE.path(), "_delta_log")));
  }

  @Test
  public void fileMarkedByAnOlderBronzeIsNotIngestedAgain() throws IOException {
    BronzeFromFiles.Options options = options("7d");
    file("old.jsonl", 2, Instant.now().minus(Duration.ofHours(2)));
    String legacyMarker = SourceFile.match(input + "/*.jsonl").get(0).progressId();
    DeltaTable.at(warehouse, Tables.BRONZE).commit(TableCommit.builder().setAppId(BronzeFromFiles.APP_ID)
        .setAppVersion(1).setAdds(List.of()).setProgress(Map.of(legacyMarker, 1L)).build());
    file("new.jsonl", 1, Instant.now().minus(Duration.ofHours(1)));
    RunReport report = BronzeFromFiles.run(options);
    assertEquals(1, report.count("input files already ingested"));
    assertEquals(1, report.count("input files ingested"));
    assertEquals(Map.of("new.jsonl", 1L), rowsPerFile());
  }

  @Test
  public void badRetentionStopsTheRunSayingWhatToFix() throws IOException {
    file("a.jsonl", 1, Instant.now());
    IllegalArgumentException notADuration =
        assertThrows(IllegalArgumentException.class, () -> BronzeFromFiles.run(options("a week")));
    assertEquals("--fileProgressRetention=a week is not a duration: use e.g. 30s, 5m, 6h, 2d or PT30M",
        notADuration.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> BronzeFromFiles.run(options("0s")));
    assertEquals("--fileProgressRetention must be positive, got PT0S", zero.getMessage());
    assertTrue(rowsPerFile().isEmpty());
  }

  private static Set<String> txnAppIds(Path log) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Set<String> ids = new TreeSet<>();
    try (Stream<Path> commits = Files.list(log)) {
      for (Path commit : commits.filter(p -> p.getFileName().toString().endsWith(".json")).collect(Collectors.toList())) {
        for (String line : Files.readAllLines(commit)) {
          JsonNode txn = mapper.readTree(line).get("txn");
          if (txn != null) {
            ids.add(txn.get("appId").asText());
          }
        }
      }
    }
    return ids;
  }
}
