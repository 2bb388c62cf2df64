package dev.finpipe.pipelines.medallion;

import dev.finpipe.delta.DeltaTable;
import dev.finpipe.domain.Domains;
import dev.finpipe.io.AvroValues;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.options.WarehouseOptions;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.common.Warehouses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import org.joda.time.DateTimeZone;
import org.joda.time.Instant;

/**
 * Compares every table of two warehouses row for row, as their Delta logs define them (a multiset of rows with their
 * partition values): the same input through another runner, cluster or storage must give the same tables. Only
 * {@code ingested_at}, the wall-clock time of the bronze run, is left out, and with it the partition value where it
 * is the ingest date (bronze, and quarantined records without a readable event time), and the error text of a LATE
 * record, which quotes the cutoff of the batch that judged it (batch boundaries differ between a stream and a single
 * run; the record, its stage and its reasons are still compared). A table empty in both counts
 * as a difference: a comparison of nothing proves nothing. Reads on the driver: for test-sized warehouses.
 *
 * <pre>{@code
 * java -cp ... dev.finpipe.pipelines.medallion.CompareWarehouses --warehouse=s3a://lake/finpipe --expected=data/dev
 * }</pre>
 */
public final class CompareWarehouses {
  private static final String INGESTED_AT = "ingested_at";
  private static final String STAGE = "stage";
  private static final String ERROR = "error";
  private static final int EXAMPLES = 3;

  /** Options of the comparison. */
  public interface Options extends WarehouseOptions {
    @Description("The warehouse whose tables --warehouse must equal.")
    @Validation.Required
    String getExpected();

    void setExpected(String expected);
  }

  private CompareWarehouses() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    String actual = Warehouses.normalize(options.getWarehouse());
    String expected = Warehouses.normalize(options.getExpected());
    List<String> lines = new ArrayList<>();
    List<String> differences = differences(actual, expected, lines);
    lines.forEach(System.out::println);
    if (!differences.isEmpty()) {
      differences.forEach(System.err::println);
      System.err.println("FAILED: " + actual + " differs from " + expected);
      System.exit(StageMain.EXIT_RUN_FAILED);
    }
    System.out.println("equal: every table of " + actual + " equals " + expected);
  }

  /**
   * What differs between the tables of {@code actual} and {@code expected}, one line per table that differs, with
   * a few example rows; empty when every table holds the same rows. A table neither warehouse has (a domain neither
   * ran) is left out, but two warehouses with no table at all are not called equal. {@code summary} gets one line per
   * table.
   */
  public static List<String> differences(String actual, String expected, List<String> summary) {
    List<String> differences = new ArrayList<>();
    int compared = 0;
    for (TableSpec spec : Domains.allTables()) {
      if (!DeltaTable.at(actual, spec).exists() && !DeltaTable.at(expected, spec).exists()) {
        summary.add(String.format(Locale.ROOT, "%-28s in neither warehouse", spec.path()));
        continue;
      }
      compared++;
      Map<String, Integer> left = rows(actual, spec);
      Map<String, Integer> right = rows(expected, spec);
      int total = right.values().stream().mapToInt(Integer::intValue).sum();
      List<String> onlyLeft = surplus(left, right);
      List<String> onlyRight = surplus(right, left);
      summary.add(String.format(Locale.ROOT, "%-28s %,8d rows expected, %,d only in %s, %,d only in %s",
          spec.path(), total, onlyLeft.size(), actual, onlyRight.size(), expected));
      if (total == 0 && left.isEmpty()) {
        differences.add(spec.path() + ": empty in both warehouses, nothing to compare");
      } else if (!onlyLeft.isEmpty() || !onlyRight.isEmpty()) {
        differences.add(spec.path() + ": " + onlyLeft.size() + " rows only in " + actual + " " + examples(onlyLeft)
            + "; " + onlyRight.size() + " rows only in " + expected + " " + examples(onlyRight));
      }
    }
    if (compared == 0) {
      differences.add("no table in either warehouse, nothing to compare");
    }
    return differences;
  }

  /** The table's rows rendered column by column, counted (a multiset: a duplicated row must be duplicated in both). */
  static Map<String, Integer> rows(String warehouse, TableSpec spec) {
    Map<String, Integer> rows = new TreeMap<>();
    TableSnapshots.forEachRow(warehouse, spec, (partition, r) -> rows.merge(render(spec, partition, r), 1, Integer::sum));
    return rows;
  }

  static String render(TableSpec spec, String partition, GenericRecord r) {
    StringBuilder row = new StringBuilder();
    boolean ingestPartition =
        spec.columnNames().contains(INGESTED_AT)
            && partition.equals(AvroValues.timestamp(r, INGESTED_AT).toDateTime(DateTimeZone.UTC).toLocalDate().toString());
    row.append(spec.partitionColumn()).append('=').append(ingestPartition ? "<ingest date>" : partition);
    boolean late = spec.columnNames().contains(STAGE) && "LATE".equals(String.valueOf(r.get(STAGE)));
    for (TableSpec.Column column : spec.columns()) {
      if (column.name().equals(INGESTED_AT) || (late && column.name().equals(ERROR))) {
        continue;
      }
      Object value = r.get(column.name());
      String text;
      if (value == null) {
        text = "null";
      } else if (column.type() == TableSpec.Type.DECIMAL) {
        text = AvroValues.decimal(r, column.name(), column.scale()).toPlainString();
      } else if (column.type() == TableSpec.Type.TIMESTAMP) {
        text = new Instant(Math.floorDiv((Long) value, 1000L)).toString() + "+" + Math.floorMod((Long) value, 1000L) + "us";
      } else {
        text = value.toString();
      }
      row.append(' ').append(column.name()).append('=').append(text);
    }
    return row.toString();
  }

  private static List<String> surplus(Map<String, Integer> of, Map<String, Integer> over) {
    List<String> surplus = new ArrayList<>();
    of.forEach((row, count) -> {
      for (int i = over.getOrDefault(row, 0); i < count; i++) {
        surplus.add(row);
      }
    });
    return surplus;
  }

  private static String examples(List<String> rows) {
    return rows.isEmpty() ? "" : "(e.g. " + String.join(" | ", rows.subList(0, Math.min(EXAMPLES, rows.size()))) + ")";
  }
}
