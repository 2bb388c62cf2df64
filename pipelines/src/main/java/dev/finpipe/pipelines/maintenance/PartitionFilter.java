package dev.finpipe.pipelines.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A predicate on a table's date partition column, as {@code make optimize WHERE=...} takes it: comparisons of the
 * column with ISO dates joined by {@code AND}, e.g. {@code date >= '2026-11-01' AND date < '2026-12-01'}. ISO dates
 * compare as strings, so the filter needs no date parsing beyond checking the literal's form.
 */
public final class PartitionFilter {
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(>=|<=|!=|<>|=|<|>)\\s*'(\\d{4}-\\d{2}-\\d{2})'\\s*");
  private static final PartitionFilter ALL = new PartitionFilter("", null, List.of(), null);

  private final String text;
  private final String column;
  private final List<String[]> comparisons;
  private final Set<String> only; // null: any value the comparisons admit

  private PartitionFilter(String text, String column, List<String[]> comparisons, Set<String> only) {
    this.text = text;
    this.column = column;
    this.comparisons = comparisons;
    this.only = only;
  }

  /** Exactly these partition values of {@code column} (auto compaction's partitions). */
  public static PartitionFilter anyOf(String column, Set<String> values) {
    return new PartitionFilter(column + " in " + new java.util.TreeSet<>(values), column, List.of(), Set.copyOf(values));
  }

  /** Every partition of every table. */
  public static PartitionFilter all() {
    return ALL;
  }

  /** Parses {@code text}; null or blank means every partition. */
  public static PartitionFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    List<String[]> comparisons = new ArrayList<>();
    String column = null;
    for (String part : text.split("(?i)\\s+AND\\s+")) {
      Matcher m = COMPARISON.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "--where: cannot read \"" + part.trim() + "\"; write comparisons of the partition column with ISO dates "
                + "joined by AND, e.g. date >= '2026-11-01' AND date < '2026-12-01'");
      }
      if (column != null && !column.equals(m.group(1))) {
        throw new IllegalArgumentException(
            "--where: compares " + column + " and " + m.group(1) + "; use one partition column");
      }
      column = m.group(1);
      comparisons.add(new String[] {m.group(2), m.group(3)});
    }
    return new PartitionFilter(text.trim(), column, List.copyOf(comparisons), null);
  }

  /** Whether the filter is about this partition column (every filter admits tables when it names none). */
  public boolean appliesTo(String partitionColumn) {
    return column == null || column.equals(partitionColumn);
  }

  /** The column the filter names, or null for the filter of everything. */
  public String column() {
    return column;
  }

  public boolean matches(String partitionValue) {
    if (only != null && !only.contains(partitionValue)) {
      return false;
    }
    for (String[] c : comparisons) {
      int cmp = partitionValue.compareTo(c[1]);
      boolean ok;
      switch (c[0]) {
        case "=":
          ok = cmp == 0;
          break;
        case "!=":
        case "<>":
          ok = cmp != 0;
          break;
        case "<":
          ok = cmp < 0;
          break;
        case "<=":
          ok = cmp <= 0;
          break;
        case ">":
          ok = cmp > 0;
          break;
        case ">=":
          ok = cmp >= 0;
          break;
        default:
          throw new IllegalStateException("operator " + c[0]);
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "(all partitions)" : text;
  }
}
