package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an incremental gold stage reads, decided on the driver from the Delta logs: the source files committed since
 * its progress, the dates they touch, and the live gold files of those dates to merge into. Gold at the source
 * version it consumed aggregates all of the source up to it, and silver only ever appends, so merging the two is the
 * aggregate of all of the source now.
 */
public final class IncrementalInputs {
  private IncrementalInputs() {}

  /**
   * The source files a run aggregates: all of them for a rebuild or a table's first run (a table added to an older
   * warehouse starts from the source's live files, not from a log whose early files may be vacuumed), else those
   * added after {@code consumed} up to {@code version}.
   */
  public static List<DataFile> sourceFiles(DeltaTable source, long consumed, long version, boolean rebuild) {
    return rebuild || consumed < 0 ? source.liveFiles(null) : source.filesAddedBetween(consumed, version);
  }

  /** The partitions (dates) of {@code files}, sorted. */
  public static Set<String> datesOf(List<DataFile> files) {
    return files.stream().map(DataFile::partitionValue).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The live files of a gold table on {@code dates}, by date, to merge into; none for a rebuild, which instead adds
   * the table's other dates to {@code dates} (a date the source no longer has empties).
   */
  public static Map<String, List<String>> goldFilesOf(DeltaTable table, Set<String> dates, boolean rebuild) {
    Map<String, List<String>> filesByDate = new TreeMap<>();
    if (rebuild) {
      if (table.exists()) {
        table.liveFiles(null).forEach(f -> dates.add(f.partitionValue()));
      }
      return filesByDate;
    }
    if (table.exists()) {
      for (DataFile file : table.liveFiles(dates)) {
        filesByDate.computeIfAbsent(file.partitionValue(), d -> new ArrayList<>()).add(table.absolutePath(file));
      }
    }
    return filesByDate;
  }
}
