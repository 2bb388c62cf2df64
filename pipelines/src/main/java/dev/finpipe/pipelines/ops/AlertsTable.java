package dev.finpipe.pipelines.ops;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.delta.TableCommit;
import dev.finpipe.io.DataFile;
import dev.finpipe.io.HadoopConfigurations;
import dev.finpipe.io.RunFiles;
import dev.finpipe.io.Tables;
import dev.finpipe.pipelines.common.RunIds;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.maintenance.Optimize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * {@code ops/alerts} read and written on the driver: a few rows per run, where a Beam pipeline would add a job's
 * start-up and nothing else. A write replaces the date partitions of the alerts it changes with their merged rows in
 * one Delta commit (remove + add, conflict-checked against concurrent writers), under the app id
 * {@value #APP_ID}; progress markers (the silver version each domain's quarantine check has read up to) go in the
 * same commit, so they move exactly when the alerts they produced are recorded.
 */
final class AlertsTable {
  static final String APP_ID = "finpipe-alerts";

  private final String warehouse;
  private final DeltaTable table;

  AlertsTable(String warehouse) {
    this.warehouse = warehouse;
    this.table = DeltaTable.at(warehouse, Tables.OPS_ALERTS);
  }

  /** Every recorded alert by key. */
  Map<String, Alert> read() {
    Map<String, Alert> alerts = new LinkedHashMap<>();
    if (table.exists()) {
      TableSnapshots.forEachRow(warehouse, Tables.OPS_ALERTS, (date, r) -> {
        Alert a = Alert.fromRecord(r);
        alerts.put(a.key(), a);
      });
    }
    return alerts;
  }

  /** The progress marker {@code id}'s value, or -1. */
  long progress(String id) {
    return table.appVersion(id);
  }

  /**
   * Records {@code changed} (new or updated alerts) over {@code recorded} (what {@link #read} returned) in one commit
   * with {@code progress}; returns the new version, or empty when there was nothing to commit.
   */
  OptionalLong write(Map<String, Alert> recorded, Collection<Alert> changed, Map<String, Long> progress) {
    if (changed.isEmpty() && progress.isEmpty()) {
      return OptionalLong.empty();
    }
    Map<String, Alert> merged = new LinkedHashMap<>(recorded);
    changed.forEach(a -> merged.put(a.key(), a));
    TreeSet<String> dates = new TreeSet<>();
    changed.forEach(a -> dates.add(a.date()));
    Map<String, List<Alert>> byDate = new TreeMap<>();
    merged.values().stream().filter(a -> dates.contains(a.date()))
        .forEach(a -> byDate.computeIfAbsent(a.date(), d -> new ArrayList<>()).add(a));
    String runId = RunIds.next("alerts");
    Configuration conf = HadoopConfigurations.create();
    int shard = 0;
    for (Map.Entry<String, List<Alert>> e : byDate.entrySet()) {
      org.apache.hadoop.fs.Path target = Optimize.outputPath(warehouse, Tables.OPS_ALERTS, e.getKey(), runId, shard++);
      try (ParquetWriter<GenericRecord> writer = Optimize.writer(target, Tables.OPS_ALERTS.avroSchema(), conf)) {
        for (Alert a : e.getValue()) {
          writer.write(a.toRecord());
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("Cannot write the alerts of " + e.getKey() + " to " + target, ex);
      }
    }
    List<DataFile> adds = RunFiles.find(warehouse, Tables.OPS_ALERTS, runId);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("runId", runId);
    metrics.put("stage", "alerts");
    metrics.put("numOutputRows", Long.toString(adds.stream().mapToLong(DataFile::numRecords).sum()));
    metrics.put("numChangedAlerts", Integer.toString(changed.size()));
    return table.commit(
        TableCommit.builder()
            .setAppId(APP_ID)
            .setAppVersion(Math.max(table.appVersion(APP_ID), 0) + 1)
            .setAdds(adds)
            .setReplacePartitions(table.exists() ? dates : java.util.Set.of())
            .setProgress(progress)
            .setMetrics(metrics)
            .build());
  }
}
