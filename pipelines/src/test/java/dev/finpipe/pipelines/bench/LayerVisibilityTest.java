package dev.finpipe.pipelines.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import dev.finpipe.delta.TableVersion;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.Test;

public class LayerVisibilityTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private static TableVersion version(long version, int secondsAfterT0, Map<String, Long> appVersions) {
    return TableVersion.of(version, T0.plus(secondsAfterT0 * 1000L), appVersions);
  }

  // Bronze v0 reads partition 0 up to offset 10 and partition 1 up to 5; v1 only partition 0, to 20; v2 only 1, to 8.
  private static final List<TableVersion> BRONZE = List.of(
      version(0, 2, Map.of("finpipe-bronze-kafka:tx", 0L, "kafka:tx/0", 10L, "kafka:tx/1", 5L)),
      version(1, 4, Map.of("finpipe-bronze-kafka:tx", 1L, "kafka:tx/0", 20L)),
      version(2, 6, Map.of("finpipe-bronze-kafka:tx", 2L, "kafka:tx/1", 8L)));
  // Silver v0 consumed bronze v0; v1 came after bronze v2 and consumed v1 and v2 at once.
  private static final List<TableVersion> SILVER = List.of(
      version(0, 3, Map.of("finpipe-silver", 0L)),
      version(1, 8, Map.of("finpipe-silver", 2L)));
  private static final List<TableVersion> GOLD_DAILY = List.of(
      version(0, 7, Map.of("finpipe-gold", 0L)),
      version(1, 12, Map.of("finpipe-gold", 1L)));
  // The other gold table commits each gold run a moment later, and has not committed the second run yet.
  private static final List<TableVersion> GOLD_TOP = List.of(
      version(0, 9, Map.of("finpipe-gold", 0L)));

  private final LayerVisibility visibility = LayerVisibility.of("tx", BRONZE, SILVER, List.of(GOLD_DAILY, GOLD_TOP));

  @Test
  public void aRecordIsInTheFirstBronzeVersionPastItsOffset() {
    assertEquals(BRONZE.get(0), visibility.bronze(0, 0));
    assertEquals(BRONZE.get(0), visibility.bronze(0, 9));
    assertEquals(BRONZE.get(1), visibility.bronze(0, 10));
    assertEquals(BRONZE.get(1), visibility.bronze(0, 19));
    assertNull(visibility.bronze(0, 20));
  }

  @Test
  public void aPartitionABronzeVersionSkipsKeepsItsEarlierOffset() {
    assertEquals(BRONZE.get(0), visibility.bronze(1, 4));
    assertEquals(BRONZE.get(2), visibility.bronze(1, 5));
    assertNull(visibility.bronze(2, 0));
  }

  @Test
  public void silverHoldsABronzeVersionFromTheFirstRunThatConsumedIt() {
    assertEquals(SILVER.get(0), visibility.silver(BRONZE.get(0)));
    assertEquals(SILVER.get(1), visibility.silver(BRONZE.get(1)));
    assertEquals(SILVER.get(1), visibility.silver(BRONZE.get(2)));
  }

  @Test
  public void goldHoldsASilverVersionOnceBothGoldTablesCommittedIt() {
    assertEquals(T0.plus(9_000), visibility.gold(SILVER.get(0)));
    assertNull(visibility.gold(SILVER.get(1)));
  }

  @Test
  public void aRecordIsInGoldThroughItsBronzeAndSilverVersions() {
    assertEquals(T0.plus(9_000), visibility.gold(0, 5));
    assertNull(visibility.gold(0, 15));
    assertNull(visibility.gold(1, 6));
    assertNull(visibility.gold(0, 25));
  }
}
