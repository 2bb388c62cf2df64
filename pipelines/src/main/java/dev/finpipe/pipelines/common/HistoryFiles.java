package dev.finpipe.pipelines.common;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.VersionRows;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The files of a change domain's history or current table ({@link VersionRows}) that a batch of entities needs. */
public final class HistoryFiles {
  private HistoryFiles() {}

  /**
   * The live files of {@code table} that may hold one of {@code ids}: in their id buckets, with ids in range
   * ({@link DeltaTable#liveFilesMayContain}). None when there are no ids or no table yet.
   */
  public static List<DataFile> mayHold(DeltaTable table, String idColumn, Collection<String> ids) {
    if (ids.isEmpty() || !table.exists()) {
      return List.of();
    }
    Set<String> buckets = ids.stream().map(VersionRows::bucketOf).collect(Collectors.toSet());
    return table.liveFilesMayContain(idColumn, ids).stream()
        .filter(f -> buckets.contains(f.partitionValue()))
        .collect(Collectors.toList());
  }
}
