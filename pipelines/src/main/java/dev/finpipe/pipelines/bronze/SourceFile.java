package dev.finpipe.pipelines.bronze;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/** An input file as bronze identifies it: a changed file (new size or mtime) counts as a new file. */
@AutoValue
public abstract class SourceFile {
  public abstract String path();

  public abstract long sizeBytes();

  public abstract long lastModifiedMillis();

  /** The progress marker recorded in bronze's Delta log when the file's rows are committed. */
  public String progressId() {
    return "file:" + path() + "|size=" + sizeBytes() + "|mtime=" + lastModifiedMillis();
  }

  /** Files matching the glob, sorted by path; none is not an error (a folder may be empty between batches). */
  public static List<SourceFile> match(String glob) {
    try {
      MatchResult result = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
      List<SourceFile> files = new ArrayList<>();
      if (result.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : result.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(
                new AutoValue_SourceFile(m.resourceId().toString(), m.sizeBytes(), m.lastModifiedMillis()));
          }
        }
      }
      files.sort(Comparator.comparing(SourceFile::path));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list --input=" + glob, e);
    }
  }
}
