package dev.finpipe.pipelines.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.CrashPoints.SimulatedCrash;
import dev.finpipe.pipelines.gold.SilverToGold;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every stage that commits two tables, crashed at every point of its commit protocol — before it decides, after it
 * recorded its commits, after its first table, after its second — while its source advances before the restart (a
 * new input file, a new bronze version, a new silver version). After the restart every table the stage writes
 * equals, row for row, an uncrashed run of the same history: the crashed run's own commits when it had decided
 * them, or a run that never saw the crashed attempt when it had not. Nothing is left in the journal, and no file
 * the crashed attempt wrote stays on disk uncommitted.
 */
public class CommitCrashTest {
  private static final List<String> POINTS = List.of("before-commit", "after-intent", "after-commit-1", "after-commit-2");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @After
  public void disarm() {
    CrashPoints.arm(null);
  }

  /** One warehouse and its input folder. */
  private final class Warehouse {
    final Path input;
    final String path;

    Warehouse(String name) throws IOException {
      input = tmp.newFolder(name, "input").toPath();
      path = tmp.newFolder(name, "warehouse").getAbsolutePath();
    }

    RunMedallion.Options options() {
      return PipelineOptionsFactory.fromArgs(
              "--runner=DirectRunner", "--warehouse=" + path, "--input=" + input + "/*.jsonl")
          .as(RunMedallion.Options.class);
    }

    /** Copies a fixture; batch-1 also gets a line that is not UTF-8, so bronze quarantines one record. */
    Warehouse add(String fixture) throws IOException {
      try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/" + fixture);
          OutputStream out = Files.newOutputStream(input.resolve(fixture))) {
        in.transferTo(out);
        if (fixture.equals("batch-1.jsonl")) {
          out.write(new byte[] {'{', '"', 'b', 'a', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}', '\n'});
        }
      }
      return this;
    }

    Warehouse bronze() {
      BronzeFromFiles.run(options());
      return this;
    }

    Warehouse silver() {
      BronzeToSilver.run(options());
      return this;
    }

    Warehouse gold() {
      SilverToGold.run(options());
      return this;
    }

    /** Every live row of each table, every column but the ingest time (a restart ingests later), sorted. */
    Map<String, List<String>> tables(TableSpec... specs) {
      Map<String, List<String>> tables = new LinkedHashMap<>();
      for (TableSpec spec : specs) {
        List<String> rows = new ArrayList<>();
        TableSnapshots.forEachRow(path, spec, (partition, r) -> rows.add(partition + " " + render(r)));
        rows.sort(null);
        tables.put(spec.path(), rows);
      }
      return tables;
    }

    /** The journal is empty and every data file on disk is live or removed by a version of its table's log. */
    void assertNothingLeftOver(String context) {
      assertEquals(context + ": journal", Set.of(), CommitJournal.unfinishedRuns(path));
      for (TableSpec spec : Tables.ALL) {
        Set<String> committed = DeltaTable.at(path, spec).referencedPaths();
        Path dir = Path.of(RunFiles.tableDir(path, spec));
        for (var file : RunFiles.listDataFiles(path, spec)) {
          String relative = dir.relativize(Path.of(file.getPath().toUri().getPath())).toString();
          assertTrue(context + ": " + spec.path() + "/" + relative + " was never committed", committed.contains(relative));
        }
        if (Files.isDirectory(dir)) {
          try (Stream<Path> children = Files.list(dir)) {
            List<String> temp = children.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith(".temp-beam")).collect(Collectors.toList());
            assertEquals(context + ": temporary folders in " + spec.path(), List.of(), temp);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    }
  }

  private static String render(GenericRecord r) {
    List<String> values = new ArrayList<>();
    for (Schema.Field field : r.getSchema().getFields()) {
      Object value = r.get(field.name());
      if (field.name().equals("source")) {
        value = value.toString().replaceFirst("^.*/input/", "input/"); // each warehouse has its own input folder
      }
      if (!field.name().equals("ingested_at")) {
        values.add(field.name() + "=" + value);
      }
    }
    return String.join("|", values);
  }

  private static boolean decided(String point) {
    return !point.equals("before-commit");
  }

  private static void crash(String point, Runnable stage) {
    CrashPoints.arm(point);
    SimulatedCrash crash = assertThrows(SimulatedCrash.class, stage::run);
    assertEquals("simulated crash at " + point, crash.getMessage());
  }

  @Test
  public void bronzeCrashedAtAnyCommitPointWithANewFileBeforeTheRestartEqualsAnUncrashedRun() throws IOException {
    Map<String, List<String>> afterTwoRuns =
        new Warehouse("ref-two-runs").add("batch-1.jsonl").bronze().add("batch-2.jsonl").bronze()
            .tables(Tables.BRONZE, Tables.QUARANTINE);
    Map<String, List<String>> afterOneRun =
        new Warehouse("ref-one-run").add("batch-1.jsonl").add("batch-2.jsonl").bronze()
            .tables(Tables.BRONZE, Tables.QUARANTINE);
    assertEquals(18, afterTwoRuns.get(Tables.BRONZE.path()).size()); // 15 + 3 usable records
    assertEquals(1, afterTwoRuns.get(Tables.QUARANTINE.path()).size()); // the line that is not UTF-8

    for (String point : POINTS) {
      Warehouse w = new Warehouse("crash-" + point).add("batch-1.jsonl");
      crash(point, w::bronze);
      w.add("batch-2.jsonl").bronze();

      assertEquals(point, decided(point) ? afterTwoRuns : afterOneRun, w.tables(Tables.BRONZE, Tables.QUARANTINE));
      w.assertNothingLeftOver(point);
      assertEquals(point, 0, BronzeFromFiles.run(w.options()).count("input files ingested"));
    }
  }

  @Test
  public void silverCrashedAtAnyCommitPointWithANewBronzeVersionBeforeTheRestartEqualsAnUncrashedRun()
      throws IOException {
    Map<String, List<String>> afterTwoRuns =
        new Warehouse("ref-two-runs").add("batch-1.jsonl").bronze().silver().add("batch-2.jsonl").bronze().silver()
            .tables(Tables.SILVER, Tables.QUARANTINE);
    Map<String, List<String>> afterOneRun =
        new Warehouse("ref-one-run").add("batch-1.jsonl").bronze().add("batch-2.jsonl").bronze().silver()
            .tables(Tables.SILVER, Tables.QUARANTINE);
    // The two histories differ (t-020 is LATE only against the watermark of a first silver run), so each crash
    // point is held to the one it must equal.
    assertTrue(afterTwoRuns.get(Tables.QUARANTINE.path()).stream().anyMatch(r -> r.contains("stage=LATE")));
    assertTrue(afterOneRun.get(Tables.QUARANTINE.path()).stream().noneMatch(r -> r.contains("stage=LATE")));

    for (String point : POINTS) {
      Warehouse w = new Warehouse("crash-" + point).add("batch-1.jsonl").bronze();
      crash(point, w::silver);
      w.add("batch-2.jsonl").bronze().silver();

      assertEquals(point, decided(point) ? afterTwoRuns : afterOneRun, w.tables(Tables.SILVER, Tables.QUARANTINE));
      w.assertNothingLeftOver(point);
    }
  }

  @Test
  public void goldCrashedAtAnyCommitPointWithANewSilverVersionBeforeTheRestartEqualsAnUncrashedRun()
      throws IOException {
    TableSpec[] gold = {Tables.GOLD_DAILY_TOP_USERS, Tables.GOLD_DAILY_USER_CURRENCY};
    Map<String, List<String>> reference =
        new Warehouse("ref").add("batch-1.jsonl").bronze().silver().gold().add("batch-2.jsonl").bronze().silver().gold()
            .tables(gold);
    assertEquals(5, reference.get(Tables.GOLD_DAILY_USER_CURRENCY.path()).size());

    for (String point : POINTS) {
      Warehouse w = new Warehouse("crash-" + point).add("batch-1.jsonl").bronze().silver();
      crash(point, w::gold);
      w.add("batch-2.jsonl").bronze().silver().gold();

      // Gold recomputes whole dates from silver, so both histories end in the same rows.
      assertEquals(point, reference, w.tables(gold));
      w.assertNothingLeftOver(point);
      assertEquals(point, w.tables(gold), w.gold().tables(gold)); // and a re-run changes nothing
    }
  }
}
