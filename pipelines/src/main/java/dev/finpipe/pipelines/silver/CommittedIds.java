package dev.finpipe.pipelines.silver;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domain;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.ReadTableFiles;
import dev.finpipe.model.RecordKey;
import dev.finpipe.pipelines.common.TableSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.joda.time.Instant;

/**
 * The dedupe ids (for transactions, the transaction ids) a domain's silver holds in its open dedupe windows, kept on the driver across the micro-batches of a
 * process and brought up to date from silver's Delta log before each batch: the files committed since the version
 * it reflects are read (two columns), and dates that closed are dropped. Built from the open dates' live files the
 * first time, or again whenever silver is not the table it reflected (an older version). A batch then hands its
 * dedupe only the committed keys of its own ids, so cross-run dedupe costs what the batch holds, not what silver
 * holds: Spark Structured Streaming's state store, with silver itself as the checkpoint, so there is nothing to
 * commit and nothing a crash can lose. Compaction's rewrites ({@code dataChange=false}) hold rows already seen and
 * are skipped. Memory: roughly 100 bytes per id in the open windows (10M ids, about 1 GiB of driver heap).
 */
final class CommittedIds {
  private static final Map<String, CommittedIds> BY_TABLE = new ConcurrentHashMap<>();
  private final Schema keyColumns;
  private final String idColumn;
  private final String eventTimeColumn;

  /** Event date, then id, to the event times committed under it (one per dedupe window it was kept in). */
  private final Map<String, Map<String, long[]>> byDate = new TreeMap<>();
  private long version = -1;
  private long filesRead;

  private CommittedIds(Domain<?> domain) {
    this.idColumn = domain.idColumn();
    this.eventTimeColumn = domain.eventTimeColumn();
    this.keyColumns = ReadTableFiles.projection(domain.silverRows().schema(), idColumn, eventTimeColumn);
  }

  /** The process's view of the ids in {@code warehouse}'s silver table of {@code domain}. */
  static CommittedIds of(String warehouse, Domain<?> domain) {
    return BY_TABLE.computeIfAbsent(warehouse + "/" + domain.silver().path(), t -> new CommittedIds(domain));
  }

  /** Brings the view to silver's current version, keeping only {@code openDates}; returns the files it read. */
  synchronized long refresh(DeltaTable silver, Set<String> openDates) {
    long current = silver.version();
    long before = filesRead;
    if (current < version) {
      byDate.clear(); // not the table this view reflected (recreated, or another warehouse at the same path)
      version = -1;
    }
    if (version < 0) {
      load(silver, silver.liveFiles(openDates));
    } else if (current > version) {
      load(silver, silver.filesAddedBetween(version, current).stream()
          .filter(f -> openDates.contains(f.partitionValue())).collect(Collectors.toList()));
    }
    version = current;
    byDate.keySet().retainAll(openDates);
    return filesRead - before;
  }

  /** Every committed key of the given ids, in the open dates. */
  synchronized List<RecordKey> keysOf(Collection<String> ids) {
    List<RecordKey> keys = new ArrayList<>();
    for (String id : ids) {
      for (Map<String, long[]> date : byDate.values()) {
        long[] times = date.get(id);
        if (times != null) {
          for (long t : times) {
            keys.add(RecordKey.of(id, new Instant(t)));
          }
        }
      }
    }
    return keys;
  }

  /** Ids held, for the run report. */
  synchronized long size() {
    return byDate.values().stream().mapToLong(Map::size).sum();
  }

  private void load(DeltaTable silver, List<DataFile> files) {
    for (DataFile file : files) {
      Map<String, long[]> date = byDate.computeIfAbsent(file.partitionValue(), d -> new HashMap<>());
      TableSnapshots.forEachRowOf(List.of(silver.absolutePath(file)), keyColumns, r -> {
        long t = AvroValues.timestamp(r, eventTimeColumn).getMillis();
        date.merge(AvroValues.string(r, idColumn), new long[] {t}, CommittedIds::append);
      });
      filesRead++;
    }
  }

  private static long[] append(long[] times, long[] more) {
    long[] all = java.util.Arrays.copyOf(times, times.length + more.length);
    System.arraycopy(more, 0, all, times.length, more.length);
    return all;
  }
}
