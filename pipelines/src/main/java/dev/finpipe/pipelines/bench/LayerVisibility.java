package dev.finpipe.pipelines.bench;

import dev.finpipe.delta.TableVersion;
import dev.finpipe.pipelines.bronze.BronzeFromKafka;
import dev.finpipe.pipelines.gold.SilverToGold;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * When a Kafka record first became visible in bronze, silver and gold, from the progress each stage commits with its
 * data: a bronze version holds every offset below its {@code kafka:<topic>/<partition>} marker (partitions it does
 * not mention keep the earlier marker); a silver version holds every bronze version up to its {@code finpipe-silver}
 * marker; a gold table version holds every silver version up to its {@code finpipe-gold} marker. A record is visible
 * in gold once <em>both</em> gold tables hold it.
 */
final class LayerVisibility {
  private final String topic;
  private final List<TableVersion> bronze;
  private final Map<Integer, TreeMap<Long, TableVersion>> bronzeByNextOffset = new HashMap<>();
  private final TreeMap<Long, TableVersion> silverByBronzeVersion;
  private final List<TreeMap<Long, TableVersion>> goldBySilverVersion;

  private LayerVisibility(
      String topic, List<TableVersion> bronze, List<TableVersion> silver, List<List<TableVersion>> goldTables) {
    this.topic = topic;
    this.bronze = List.copyOf(bronze);
    this.silverByBronzeVersion = byMarker(silver, BronzeToSilver.APP_ID);
    this.goldBySilverVersion =
        goldTables.stream().map(g -> byMarker(g, SilverToGold.APP_ID)).collect(Collectors.toList());
  }

  /** From the histories ({@code DeltaTable.history()}) of bronze, silver and each gold table. */
  static LayerVisibility of(
      String topic, List<TableVersion> bronze, List<TableVersion> silver, List<List<TableVersion>> goldTables) {
    return new LayerVisibility(topic, bronze, silver, goldTables);
  }

  /** The first bronze version holding the record, or null. */
  @Nullable TableVersion bronze(int partition, long offset) {
    var entry = bronzeByNextOffset.computeIfAbsent(partition, p -> byMarker(bronze, BronzeFromKafka.progressId(topic, p)))
        .higherEntry(offset);
    return entry == null ? null : entry.getValue();
  }

  /** The first silver version that consumed {@code bronzeVersion}, or null. */
  @Nullable TableVersion silver(TableVersion bronzeVersion) {
    var entry = silverByBronzeVersion.ceilingEntry(bronzeVersion.version());
    return entry == null ? null : entry.getValue();
  }

  /** When the last of the gold tables committed a version that consumed {@code silverVersion}, or null. */
  @Nullable Instant gold(TableVersion silverVersion) {
    Instant latest = null;
    for (TreeMap<Long, TableVersion> table : goldBySilverVersion) {
      var entry = table.ceilingEntry(silverVersion.version());
      if (entry == null) {
        return null;
      }
      Instant at = entry.getValue().committedAt();
      latest = latest == null || at.isAfter(latest) ? at : latest;
    }
    return latest;
  }

  /** When the record became visible in gold, or null if it has not yet. */
  @Nullable Instant gold(int partition, long offset) {
    TableVersion inBronze = bronze(partition, offset);
    TableVersion inSilver = inBronze == null ? null : silver(inBronze);
    return inSilver == null ? null : gold(inSilver);
  }

  /** The versions that set {@code appId}, keyed by the value they set (which only grows). */
  private static TreeMap<Long, TableVersion> byMarker(List<TableVersion> history, String appId) {
    TreeMap<Long, TableVersion> byValue = new TreeMap<>();
    for (TableVersion version : history) {
      Long value = version.appVersions().get(appId);
      if (value != null) {
        byValue.putIfAbsent(value, version);
      }
    }
    return byValue;
  }
}
