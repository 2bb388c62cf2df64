package dev.finpipe.pipelines.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The journal of one writer (a stage's app id) that makes its commits to several tables exactly once, whatever the
 * moment of a crash. Under {@code <warehouse>/_finpipe/journal/<app>/} an unfinished run of the app leaves:
 *
 * <ul>
 *   <li>{@code <runId>.started}: the run is writing files into the tables it lists; nothing is decided.
 *   <li>{@code <runId>.commits.json}: the run's files were found and checked, and these are its commits (table,
 *       app version, rows, replaced partitions, source progress), in order. Written before the first commit, so from
 *       here on the run is decided.
 * </ul>
 *
 * <p>Before it plans, a stage {@link #recover}s: a decided run is rolled forward (its recorded commits, with its own
 * files and its own progress, each skipped where the table already holds it), an undecided one is rolled back (its
 * files and temporary folders deleted; none of them was ever committed). Only then does the stage plan anew, from
 * progress that is now complete. See the README, "Exactly once across tables".
 */
public final class CommitJournal {
  static final String DIR = "_finpipe/journal";
  private static final String STARTED = ".started";
  private static final String INTENT = ".commits.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The commits a run decided, in the order they are made. */
  public record Intent(String runId, String stage, List<Commit> commits) {}

  /**
   * One table's commit in an {@link Intent}; {@code metrics} are the stage's own figures for the commit's
   * {@code operationMetrics} and {@code removes} the files a copy-on-write rewrite replaces (both absent, so null, in
   * entries written before they existed).
   */
  public record Commit(
      String table,
      long appVersion,
      long rows,
      Set<String> replacePartitions,
      Map<String, Long> progress,
      Map<String, String> metrics,
      List<String> removes) {
    /** Figures the stage records in the commit's {@code operationMetrics}; absent in entries of older versions. */
    @Override
    public Map<String, String> metrics() {
      return metrics == null ? Map.of() : metrics;
    }

    /** Live files (relative paths) the commit removes; absent in entries of older versions. */
    @Override
    public List<String> removes() {
      return removes == null ? List.of() : removes;
    }
  }

  private final String warehouse;
  private final String appId;
  private final Path dir;
  private final FileSystem fs;

  private CommitJournal(String warehouse, String appId) {
    this.warehouse = warehouse;
    this.appId = appId;
    this.dir = new Path(warehouse + "/" + DIR + "/" + encode(appId));
    try {
      this.fs = dir.getFileSystem(HadoopConfigurations.create());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the commit journal " + dir, e);
    }
  }

  /**
   * Opens {@code appId}'s journal and settles what earlier attempts left: decided runs are committed, undecided ones
   * removed. Call it before planning, so the plan starts from complete progress.
   */
  public static CommitJournal recover(String warehouse, String appId, RunReport report) {
    CommitJournal journal = new CommitJournal(warehouse, appId);
    journal.settle(report);
    return journal;
  }

  public String warehouse() {
    return warehouse;
  }

  public String appId() {
    return appId;
  }

  /** Records that {@code runId} starts writing files into {@code tables}. */
  public void started(String runId, List<TableSpec> tables) {
    StringBuilder lines = new StringBuilder();
    tables.forEach(t -> lines.append(t.path()).append('\n'));
    write(new Path(dir, runId + STARTED), lines.toString());
  }

  /** Records the run's decided commits; from here on a crash is rolled forward. */
  void decided(Intent intent) {
    write(new Path(dir, intent.runId() + INTENT), json(intent));
  }

  /** The run committed everything it decided: forget it and the temporary folders its writes left. */
  void finished(String runId, List<TableSpec> tables) {
    for (TableSpec spec : tables) {
      Vacuum.removeTempFolder(warehouse, spec, runId);
    }
    delete(new Path(dir, runId + INTENT));
    delete(new Path(dir, runId + STARTED));
  }

  /** Every run id any app's journal of this warehouse still holds: their files must not be vacuumed. */
  public static Set<String> unfinishedRuns(String warehouse) {
    Set<String> runs = new TreeSet<>();
    Path root = new Path(warehouse + "/" + DIR);
    try {
      FileSystem fs = root.getFileSystem(HadoopConfigurations.create());
      if (!fs.exists(root)) {
        return runs;
      }
      for (FileStatus app : fs.listStatus(root)) {
        if (app.isDirectory()) {
          for (FileStatus entry : fs.listStatus(app.getPath())) {
            String run = runIdOf(entry.getPath().getName());
            if (run != null) {
              runs.add(run);
            }
          }
        }
      }
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the commit journals under " + root, e);
    }
  }

  /**
   * The runs of any app of this warehouse whose {@code .started} entry was written at or after {@code sinceMillis}
   * and not yet removed (run id to app id): the runs a failing batch had started.
   */
  static Map<String, String> startedSince(String warehouse, long sinceMillis) {
    Map<String, String> runs = new TreeMap<>();
    Path root = new Path(warehouse + "/" + DIR);
    try {
      FileSystem fs = root.getFileSystem(HadoopConfigurations.create());
      if (!fs.exists(root)) {
        return runs;
      }
      for (FileStatus app : fs.listStatus(root)) {
        if (app.isDirectory()) {
          for (FileStatus entry : fs.listStatus(app.getPath(), p -> p.getName().endsWith(STARTED))) {
            if (entry.getModificationTime() >= sinceMillis) {
              runs.put(runIdOf(entry.getPath().getName()), decode(app.getPath().getName()));
            }
          }
        }
      }
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the commit journals under " + root, e);
    }
  }

  private void settle(RunReport report) {
    // Run ids sort by start time, so decided runs are finished in the order they were decided.
    Map<String, List<String>> entries = new TreeMap<>();
    try {
      if (!fs.exists(dir)) {
        return;
      }
      for (FileStatus entry : fs.listStatus(dir)) {
        String name = entry.getPath().getName();
        if (name.endsWith(".tmp")) {
          fs.delete(entry.getPath(), false); // an entry that was never written whole decided nothing
        } else if (runIdOf(name) != null) {
          entries.computeIfAbsent(runIdOf(name), r -> new ArrayList<>()).add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the commit journal " + dir, e);
    }
    entries.forEach(
        (runId, names) -> {
          if (names.contains(runId + INTENT)) {
            Intent intent = read(new Path(dir, runId + INTENT));
            report.note("finishing the commits of " + runId + ", decided before it stopped");
            TableCommits.resume(this, intent, report);
          } else {
            List<TableSpec> tables = tablesOf(readText(new Path(dir, runId + STARTED)));
            // Recorded before anything is removed: a run that stopped undecided failed, and its process may have died
            // with no one left to say so (the alerts raise stage_failed from this record).
            StageFailures.record(warehouse, appId, runId, "the run stopped before deciding its commits (the process "
                + "failed or was killed); the next run of " + appId + " rolled it back");
            long removed = 0;
            for (TableSpec spec : tables) {
              removed += Vacuum.removeRunFiles(warehouse, spec, runId);
            }
            finished(runId, tables);
            report.note("removed " + removed + " files of " + runId + ", which stopped before deciding its commits");
          }
        });
  }

  static List<TableSpec> tablesOf(String lines) {
    List<TableSpec> tables = new ArrayList<>();
    for (String path : lines.split("\n")) {
      if (!path.isBlank()) {
        tables.add(table(path.strip()));
      }
    }
    return tables;
  }

  static TableSpec table(String path) {
    try {
      return Domains.tableByPath(path);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The commit journal names an unknown table " + path, e);
    }
  }

  private static String runIdOf(String name) {
    if (name.endsWith(STARTED)) {
      return name.substring(0, name.length() - STARTED.length());
    }
    if (name.endsWith(INTENT)) {
      return name.substring(0, name.length() - INTENT.length());
    }
    return null;
  }

  /** App ids hold characters a path cannot ({@code finpipe-bronze-kafka:transactions}). */
  static String encode(String appId) {
    StringBuilder s = new StringBuilder();
    for (char c : appId.toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
        s.append(c);
      } else {
        s.append('+').append(String.format("%02x", (int) c));
      }
    }
    return s.toString();
  }

  /** The app id {@link #encode} encoded. */
  static String decode(String encoded) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+' && i + 2 < encoded.length()) {
        s.append((char) Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  private static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot write the commit journal entry " + value, e);
    }
  }

  // Written aside and renamed, so an entry is there whole or not at all (an object store's PUT is atomic anyway).
  private void write(Path file, String content) {
    Path tmp = new Path(dir, file.getName() + ".tmp");
    try {
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.rename(tmp, file)) {
        throw new IOException("rename to " + file + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the commit journal entry " + file, e);
    }
  }

  private Intent read(Path file) {
    try {
      return MAPPER.readValue(readText(file), Intent.class);
    } catch (IOException e) {
      throw new IllegalStateException("The commit journal entry " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private String readText(Path file) {
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the commit journal entry " + file, e);
    }
  }

  private void delete(Path file) {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the commit journal entry " + file, e);
    }
  }
}
