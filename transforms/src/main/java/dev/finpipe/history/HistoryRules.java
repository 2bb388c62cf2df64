package dev.finpipe.history;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.SerializableComparator;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The SCD type 2 rules of one domain's change records, as pure functions (the semantics are in the
 * {@linkplain dev.finpipe.history package documentation}): {@link #changesOf} recovers a key's changes from its
 * stored versions, {@link #versionsOf} turns changes into versions, and {@link #merge} merges incoming changes into
 * stored versions, deduplicating them. {@link MergeHistory} applies {@link #merge} to each key of a batch.
 *
 * <pre>{@code
 * HistoryRules<Customer> rules = HistoryRules.of(
 *     Customer::getCustomerId, Customer::getUpdatedAt, c -> c.getOp().equals("DELETE"), KEEP_ORDER);
 * HistoryRules.Merge<Customer> merged = rules.merge(storedVersions, incomingChanges);
 * }</pre>
 *
 * @param <T> the domain's change record
 */
public final class HistoryRules<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Instant> updatedAt;
  private final SerializableFunction<T, Boolean> isDelete;
  private final SerializableComparator<T> keepOrder;

  private HistoryRules(
      SerializableFunction<T, String> key,
      SerializableFunction<T, Instant> updatedAt,
      SerializableFunction<T, Boolean> isDelete,
      SerializableComparator<T> keepOrder) {
    this.key = Objects.requireNonNull(key, "key");
    this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    this.isDelete = Objects.requireNonNull(isDelete, "isDelete");
    this.keepOrder = Objects.requireNonNull(keepOrder, "keepOrder");
  }

  /**
   * Rules reading a record's entity key, {@code updated_at} and whether it is a DELETE with the given functions.
   * {@code keepOrder} picks the kept copy among incoming duplicates (the smallest); it must be a total order (0 only
   * for equal records) or the kept copy would depend on arrival order.
   */
  public static <T> HistoryRules<T> of(
      SerializableFunction<T, String> key,
      SerializableFunction<T, Instant> updatedAt,
      SerializableFunction<T, Boolean> isDelete,
      SerializableComparator<T> keepOrder) {
    return new HistoryRules<>(key, updatedAt, isDelete, keepOrder);
  }

  /** The entity key of {@code record}. */
  public String keyOf(T record) {
    String found = key.apply(record);
    if (found == null) {
      throw new IllegalArgumentException("change record has no entity key: " + record);
    }
    return found;
  }

  /** {@code record} as a change of its key. */
  public Change<T> changeOf(T record) {
    Instant at = updatedAt.apply(record);
    if (at == null) {
      throw new IllegalArgumentException("change record has no updated_at: " + record);
    }
    Boolean delete = isDelete.apply(record);
    if (delete == null) {
      throw new IllegalArgumentException("change record is neither an UPSERT nor a DELETE: " + record);
    }
    return delete ? Change.delete(keyOf(record), at, record) : Change.upsert(keyOf(record), at, record);
  }

  /**
   * The changes that produced {@code stored}, ordered by key, then {@code updated_at}: each version's UPSERT record,
   * plus a DELETE (without record) at the {@code valid_to} of every version not followed by a version starting there.
   *
   * @throws IllegalArgumentException if the versions of a key are not a valid history (see {@link #merge})
   */
  public List<Change<T>> changesOf(Iterable<Version<T>> stored) {
    List<Change<T>> changes = new ArrayList<>();
    groupByKey(stored, version -> keyOf(version.getRecord()))
        .forEach((k, versions) -> changes.addAll(keyChangesOf(k, checkedHistory(k, versions))));
    return changes;
  }

  /**
   * The versions of {@code changes}, ordered by key, then {@code valid_from}: each UPSERT opens a version valid until
   * the key's next change; a DELETE opens none.
   *
   * @throws IllegalArgumentException if two changes of one key have the same {@code updated_at} (deduplicate first)
   */
  public List<Version<T>> versionsOf(Iterable<Change<T>> changes) {
    List<Version<T>> versions = new ArrayList<>();
    groupByKey(changes, Change::getKey).forEach((k, keyChanges) -> {
      NavigableMap<Instant, Change<T>> byTime = new TreeMap<>();
      for (Change<T> change : keyChanges) {
        if (byTime.putIfAbsent(change.getUpdatedAt(), change) != null) {
          throw new IllegalArgumentException("two changes of key " + k + " at " + change.getUpdatedAt()
              + ": deduplicate changes before turning them into versions");
        }
      }
      versions.addAll(keyVersionsOf(List.copyOf(byTime.values())).versions);
    });
    return versions;
  }

  /**
   * Merges {@code incoming} changes into the {@code stored} versions of the keys they may touch: per key,
   * {@code versionsOf(dedupe(changesOf(stored) ∪ incoming))}. An incoming change at the {@code updated_at} of a stored
   * change (UPSERT or recovered DELETE) is a duplicate; among incoming copies at one {@code updated_at} the smallest
   * by the keep order is kept.
   *
   * @throws IllegalArgumentException if the stored versions of a key are not a valid history: each version's record
   *     must be an UPSERT updated at its {@code valid_from}, {@code valid_to} after {@code valid_from}, and versions
   *     must not overlap (so only the last may be current)
   */
  public Merge<T> merge(Iterable<Version<T>> stored, Iterable<T> incoming) {
    SortedMap<String, List<Version<T>>> storedByKey = groupByKey(stored, version -> keyOf(version.getRecord()));
    SortedMap<String, List<T>> incomingByKey = groupByKey(incoming, this::keyOf);
    SortedSet<String> keys = new TreeSet<>(storedByKey.keySet());
    keys.addAll(incomingByKey.keySet());
    Merge<T> merge = new Merge<>();
    for (String k : keys) {
      mergeKey(k, storedByKey.getOrDefault(k, List.of()), incomingByKey.getOrDefault(k, List.of()), merge);
    }
    return merge;
  }

  private void mergeKey(String k, List<Version<T>> stored, List<T> incoming, Merge<T> merge) {
    List<Version<T>> storedHistory = checkedHistory(k, stored);
    NavigableMap<Instant, Change<T>> changes = new TreeMap<>();
    keyChangesOf(k, storedHistory).forEach(change -> changes.put(change.getUpdatedAt(), change));
    // Stored changes are in first, then incoming copies smallest first: the first at an updated_at wins.
    List<Change<T>> copies = new ArrayList<>();
    incoming.forEach(record -> copies.add(changeOf(record)));
    copies.sort(Comparator.comparing((Change<T> change) -> change.getUpdatedAt())
        .thenComparing(change -> Objects.requireNonNull(change.getRecord()), keepOrder));
    for (Change<T> copy : copies) {
      if (changes.putIfAbsent(copy.getUpdatedAt(), copy) != null) {
        merge.duplicates.add(copy.getRecord());
      }
    }
    KeyVersions<T> merged = keyVersionsOf(List.copyOf(changes.values()));
    merge.deletesWithoutVersion += merged.deletesWithoutVersion;
    Map<Instant, @Nullable Instant> storedEnds = new HashMap<>();
    storedHistory.forEach(version -> storedEnds.put(version.getValidFrom(), version.getValidTo()));
    for (Version<T> version : merged.versions) {
      if (!storedEnds.containsKey(version.getValidFrom())) {
        merge.versionsOpened++;
      }
      if (version.getValidTo() != null
          && !(storedEnds.containsKey(version.getValidFrom())
              && version.getValidTo().equals(storedEnds.get(version.getValidFrom())))) {
        merge.versionsClosed++;
      }
    }
    if (merged.versions.equals(storedHistory)) {
      merge.unchanged.addAll(storedHistory);
      merge.unchangedKeys.add(k);
    } else {
      merge.changed.addAll(merged.versions);
      merge.changedKeys.add(k);
    }
  }

  /** The versions of one key ordered by {@code valid_from}, checked to be a valid history. */
  private List<Version<T>> checkedHistory(String k, List<Version<T>> versions) {
    List<Version<T>> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(Version::getValidFrom));
    for (int i = 0; i < sorted.size(); i++) {
      Version<T> version = sorted.get(i);
      Instant from = version.getValidFrom();
      String where = "stored version of key " + k + " valid from " + from;
      if (!from.equals(updatedAt.apply(version.getRecord()))) {
        throw new IllegalArgumentException(
            where + " holds a change updated at " + updatedAt.apply(version.getRecord()));
      }
      if (Boolean.TRUE.equals(isDelete.apply(version.getRecord()))) {
        throw new IllegalArgumentException(where + " holds a DELETE; only UPSERTs open versions");
      }
      Instant to = version.getValidTo();
      if (to != null && !to.isAfter(from)) {
        throw new IllegalArgumentException(where + " ends at " + to + ", not after it starts");
      }
      if (i + 1 < sorted.size()) {
        Instant nextFrom = sorted.get(i + 1).getValidFrom();
        if (nextFrom.equals(from)) {
          throw new IllegalArgumentException("two stored versions of key " + k + " valid from " + from);
        }
        if (to == null || to.isAfter(nextFrom)) {
          throw new IllegalArgumentException(where + " is valid until " + (to == null ? "now" : to)
              + ", past the next version's start " + nextFrom);
        }
      }
    }
    return sorted;
  }

  /** The changes of one key's checked history, in order. */
  private List<Change<T>> keyChangesOf(String k, List<Version<T>> history) {
    List<Change<T>> changes = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Version<T> version = history.get(i);
      changes.add(Change.upsert(k, version.getValidFrom(), version.getRecord()));
      Instant to = version.getValidTo();
      boolean followed = i + 1 < history.size() && history.get(i + 1).getValidFrom().equals(to);
      if (to != null && !followed) {
        changes.add(Change.delete(k, to, null));
      }
    }
    return changes;
  }

  /** The versions of one key's distinct changes in {@code updated_at} order. */
  private static <T> KeyVersions<T> keyVersionsOf(List<Change<T>> changes) {
    KeyVersions<T> out = new KeyVersions<>();
    boolean open = false;
    for (int i = 0; i < changes.size(); i++) {
      Change<T> change = changes.get(i);
      if (change.isDelete()) {
        if (!open) {
          out.deletesWithoutVersion++;
        }
        open = false;
      } else {
        Instant next = i + 1 < changes.size() ? changes.get(i + 1).getUpdatedAt() : null;
        out.versions.add(Version.of(Objects.requireNonNull(change.getRecord()), change.getUpdatedAt(), next));
        open = true;
      }
    }
    return out;
  }

  private static <E> SortedMap<String, List<E>> groupByKey(Iterable<E> elements, Function<E, String> keyFn) {
    SortedMap<String, List<E>> groups = new TreeMap<>();
    for (E element : elements) {
      groups.computeIfAbsent(keyFn.apply(element), k -> new ArrayList<>()).add(element);
    }
    return groups;
  }

  private static final class KeyVersions<T> {
    final List<Version<T>> versions = new ArrayList<>();
    long deletesWithoutVersion;
  }

  /**
   * The outcome of {@link #merge}: versions ordered by key, then {@code valid_from}; duplicates by key, then
   * {@code updated_at}, then keep order; counts as {@link MergeHistory}'s counters.
   *
   * @param <T> the domain's change record
   */
  public static final class Merge<T> {
    private final List<Version<T>> changed = new ArrayList<>();
    private final List<Version<T>> unchanged = new ArrayList<>();
    private final List<T> duplicates = new ArrayList<>();
    private final SortedSet<String> changedKeys = new TreeSet<>();
    private final SortedSet<String> unchangedKeys = new TreeSet<>();
    private long versionsOpened;
    private long versionsClosed;
    private long deletesWithoutVersion;

    private Merge() {}

    /** Every version of each key whose versions changed: its whole new history. */
    public List<Version<T>> changed() {
      return Collections.unmodifiableList(changed);
    }

    /** The stored versions of each key whose versions did not change. */
    public List<Version<T>> unchanged() {
      return Collections.unmodifiableList(unchanged);
    }

    /** The incoming changes not kept: copies of a stored change or of a kept incoming one. */
    public List<T> duplicates() {
      return Collections.unmodifiableList(duplicates);
    }

    /** The keys whose versions changed. */
    public SortedSet<String> changedKeys() {
      return Collections.unmodifiableSortedSet(changedKeys);
    }

    /** The keys read (stored or incoming) whose versions did not change. */
    public SortedSet<String> unchangedKeys() {
      return Collections.unmodifiableSortedSet(unchangedKeys);
    }

    /** Versions of the new histories that no stored version opened at the same {@code valid_from}. */
    public long versionsOpened() {
      return versionsOpened;
    }

    /**
     * Versions of the new histories that have a {@code valid_to} no stored version had: a stored current version
     * closed, a stored version split, or a new version closed by a later change.
     */
    public long versionsClosed() {
      return versionsClosed;
    }

    /** DELETEs of the merged histories that close no version (nothing before them, or another DELETE). */
    public long deletesWithoutVersion() {
      return deletesWithoutVersion;
    }
  }
}
