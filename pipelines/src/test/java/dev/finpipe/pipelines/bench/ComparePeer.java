package dev.finpipe.pipelines.bench;

import static org.apache.spark.sql.functions.col;

import dev.finpipe.testing.DeltaSpark;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/peer.sh}'s correctness check: FinPipe's warehouse against {@link PeerMedallion}'s, read with the tests'
 * independent reader ({@link DeltaSpark}). Both gold tables must hold the same rows (decimals compared by value, dates
 * as text), silver the same number of rows per event date, quarantine the same number of rows per stage and reasons.
 * Prints MATCH, or each difference with up to 20 rows of each side, and exits 1 on any difference.
 * Usage: {@code ComparePeer <FinPipe warehouse> <peer warehouse>}.
 */
public final class ComparePeer {
  private static final int SHOWN = 20;

  private ComparePeer() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("Usage: ComparePeer <FinPipe warehouse> <peer warehouse>");
    }
    SparkSession spark = DeltaSpark.session();
    boolean same;
    try {
      same = new Comparison(spark, args[0], args[1]).run();
    } finally {
      spark.stop();
    }
    System.out.println(same ? "MATCH: FinPipe and the peer agree" : "MISMATCH: FinPipe and the peer disagree");
    System.exit(same ? 0 : 1);
  }

  /** One comparison of two warehouses. */
  private static final class Comparison {
    private final SparkSession spark;
    private final String finpipe;
    private final String peer;

    Comparison(SparkSession spark, String finpipe, String peer) {
      this.spark = spark;
      this.finpipe = finpipe;
      this.peer = peer;
    }

    boolean run() {
      boolean same = sameRows("gold/daily_user_currency",
          List.of(text("date"), col("user_id"), col("currency"), col("tx_count"), amount("total_amount"),
              amount("min_amount"), amount("max_amount"), amount("avg_amount"), col("approved_count"),
              col("declined_count")));
      same &= sameRows("gold/daily_top_users",
          List.of(text("date"), col("currency"), col("rank"), col("user_id"), amount("total_amount"), col("tx_count")));
      same &= sameCounts("silver/transactions", List.of(text("event_date")));
      same &= sameCounts("quarantine/transactions", List.of(col("stage"), col("reasons")));
      return same;
    }

    /** Every row of one side is a row of the other, and as often. */
    private boolean sameRows(String table, List<Column> columns) {
      Dataset<Row> a = read(finpipe, table).select(columns.toArray(new Column[0]));
      Dataset<Row> b = read(peer, table).select(columns.toArray(new Column[0]));
      return report(table + " rows", a, b);
    }

    /** The same row counts per group. */
    private boolean sameCounts(String table, List<Column> groups) {
      Dataset<Row> a = read(finpipe, table).groupBy(groups.toArray(new Column[0])).count();
      Dataset<Row> b = read(peer, table).groupBy(groups.toArray(new Column[0])).count();
      return report(table + " counts per " + groups, a, b);
    }

    private boolean report(String what, Dataset<Row> a, Dataset<Row> b) {
      Dataset<Row> onlyFinPipe = a.exceptAll(b);
      Dataset<Row> onlyPeer = b.exceptAll(a);
      long missing = onlyPeer.count();
      long extra = onlyFinPipe.count();
      long rows = a.count();
      if (missing == 0 && extra == 0) {
        System.out.printf("  %s: the same (%,d rows)%n", what, rows);
        return true;
      }
      System.out.printf("  %s: DIFFERENT: %,d rows only in FinPipe, %,d only in the peer (of %,d and %,d)%n",
          what, extra, missing, rows, b.count());
      System.out.println("  only in FinPipe:");
      onlyFinPipe.orderBy(a.columns()[0]).limit(SHOWN).collectAsList().forEach(r -> System.out.println("    " + r));
      System.out.println("  only in the peer:");
      onlyPeer.orderBy(b.columns()[0]).limit(SHOWN).collectAsList().forEach(r -> System.out.println("    " + r));
      return false;
    }

    private Dataset<Row> read(String warehouse, String table) {
      return spark.read().format("delta").load(warehouse + "/" + table);
    }

    /** Decimals by value whatever the declared scale: both sides at scale 6. */
    private static Column amount(String name) {
      return col(name).cast("decimal(38,6)").as(name);
    }

    private static Column text(String name) {
      return col(name).cast("string").as(name);
    }
  }
}
