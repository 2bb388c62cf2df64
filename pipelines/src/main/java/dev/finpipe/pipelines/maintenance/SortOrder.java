package dev.finpipe.pipelines.maintenance;

import dev.finpipe.io.TableSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** The order a sorted compaction writes a table's rows in: by the given columns, nulls first. */
final class SortOrder {
  private final List<String> columns;
  private final Comparator<GenericRecord> comparator;

  private SortOrder(List<String> columns, Comparator<GenericRecord> comparator) {
    this.columns = columns;
    this.comparator = comparator;
  }

  /** Checks that every column is one of the table's sortable columns; an empty list keeps the files' order. */
  static SortOrder of(TableSpec spec, List<String> columns) {
    Comparator<GenericRecord> comparator = (a, b) -> 0;
    List<String> sortable = new ArrayList<>();
    for (TableSpec.Column column : spec.columns()) {
      if (column.type() != TableSpec.Type.DECIMAL) {
        sortable.add(column.name());
      }
    }
    for (String name : columns) {
      if (!sortable.contains(name)) {
        throw new IllegalArgumentException("--sortBy: " + spec.path() + " has no sortable column \"" + name
            + "\" (decimals and the partition column are not); its sortable columns are " + String.join(", ", sortable));
      }
      comparator = comparator.thenComparing(r -> (Comparable) comparable(r.get(name)), Comparator.nullsFirst(Comparator.naturalOrder()));
    }
    return new SortOrder(List.copyOf(columns), comparator);
  }

  // Avro hands strings back as Utf8 or String; only the files' layout depends on this order, never their content.
  private static Object comparable(Object value) {
    return value instanceof CharSequence ? value.toString() : value;
  }

  boolean isEmpty() {
    return columns.isEmpty();
  }

  List<String> columns() {
    return columns;
  }

  Comparator<GenericRecord> comparator() {
    return comparator;
  }
}
