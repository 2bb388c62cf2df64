package dev.finpipe.pipelines.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finpipe.io.HadoopConfigurations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of failed stage runs, from which the alerts raise {@code stage_failed} (README "Alerts"). Under
 * {@code <warehouse>/_finpipe/failures/<app id>/<run id>.json} one entry per failure, written aside and renamed (whole
 * or not at all) and written once: recording the same run again changes nothing. Two writers: a batch that failed
 * (the alerts' wrapper of a tick, before anything else happens) and the commit journal rolling back a run that
 * stopped before deciding its commits (the process died: nothing else could have recorded it). Both name the run by
 * the stage's app id and run id, so a failure seen by both is one entry, one alert key. The alerts remove an entry
 * once it is recorded in {@code ops/alerts}.
 */
public final class StageFailures {
  static final String DIR = "_finpipe/failures";
  private static final Logger LOG = LoggerFactory.getLogger(StageFailures.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One failed run: the app id and run id name it; {@code failedAt} is when it was recorded (epoch millis). */
  public record Failure(String appId, String runId, String message, long failedAt) {}

  private StageFailures() {}

  /** Records the failure of {@code appId}'s run {@code runId}, unless it is already recorded. */
  public static void record(String warehouse, String appId, String runId, String message) {
    Path file = file(warehouse, appId, runId);
    try {
      FileSystem fs = file.getFileSystem(HadoopConfigurations.create());
      if (fs.exists(file)) {
        return;
      }
      Path tmp = new Path(file.getParent(), file.getName() + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(MAPPER.writeValueAsBytes(new Failure(appId, runId, message, System.currentTimeMillis())));
      }
      if (!fs.rename(tmp, file)) {
        throw new IOException("rename to " + file + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the failure of " + appId + " run " + runId + " in " + file, e);
    }
  }

  /**
   * Records a batch of {@code stage} that failed with {@code failure}: every stage run it had started since
   * {@code sinceMillis} (their journals' {@code .started} entries) under its own app id and run id, or, when it
   * failed before starting any (planning: a broker down, a bad table), the batch itself as {@code stage}'s run
   * {@code batchId}. A failure to record is logged, never thrown over the failure itself.
   */
  public static List<Failure> recordBatch(String warehouse, String stage, String batchId, long sinceMillis, Throwable failure) {
    String message = PipelineRuns.rootMessage(failure);
    List<Failure> recorded = new ArrayList<>();
    try {
      Map<String, String> started = CommitJournal.startedSince(warehouse, sinceMillis);
      if (started.isEmpty()) {
        started = Map.of(batchId, stage);
      }
      started.forEach((runId, appId) -> {
        record(warehouse, appId, runId, message);
        recorded.add(new Failure(appId, runId, message, System.currentTimeMillis()));
      });
    } catch (RuntimeException e) {
      LOG.warn("{}: could not record the failed batch for the alerts: {}", stage, PipelineRuns.rootMessage(e));
    }
    return recorded;
  }

  /** Every recorded failure not yet removed, oldest first. */
  public static List<Failure> list(String warehouse) {
    List<Failure> failures = new ArrayList<>();
    Path root = new Path(warehouse + "/" + DIR);
    try {
      FileSystem fs = root.getFileSystem(HadoopConfigurations.create());
      if (!fs.exists(root)) {
        return failures;
      }
      for (FileStatus app : fs.listStatus(root)) {
        if (!app.isDirectory()) {
          continue;
        }
        for (FileStatus entry : fs.listStatus(app.getPath(), p -> p.getName().endsWith(".json"))) {
          try (InputStream in = fs.open(entry.getPath())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            failures.add(MAPPER.readValue(bytes.toString(StandardCharsets.UTF_8), Failure.class));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the failure records under " + root, e);
    }
    failures.sort(java.util.Comparator.comparingLong(Failure::failedAt).thenComparing(Failure::runId));
    return failures;
  }

  /** Forgets a failure (the alerts recorded it). */
  public static void remove(String warehouse, Failure failure) {
    Path file = file(warehouse, failure.appId(), failure.runId());
    try {
      file.getFileSystem(HadoopConfigurations.create()).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the failure record " + file, e);
    }
  }

  private static Path file(String warehouse, String appId, String runId) {
    return new Path(warehouse + "/" + DIR + "/" + CommitJournal.encode(appId) + "/" + CommitJournal.encode(runId) + ".json");
  }
}
