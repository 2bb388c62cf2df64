package dev.finpipe.testing;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import scala.collection.JavaConverters;

/**
 * The independent Delta reader of the tests: Spark 3.5 with delta-spark, in a session of its own. Adaptive execution
 * is off so the executed plan is the one whose scan metrics count the files Delta chose to read.
 */
public final class DeltaSpark {
  private DeltaSpark() {}

  public static SparkSession session() {
    return SparkSession.builder()
        .master("local[1]")
        .appName("delta-reader")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate();
  }

  /** Runs the query and returns its rows and the number of data files its scans read. */
  public static Scan scan(Dataset<Row> query) {
    List<Row> rows = query.collectAsList();
    SparkPlan plan = query.queryExecution().executedPlan();
    long files = 0;
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(plan.collectLeaves())) {
      if (leaf instanceof FileSourceScanExec) {
        files += ((FileSourceScanExec) leaf).metrics().apply("numFiles").value();
      }
    }
    return new Scan(rows, files);
  }

  /** What a query returned and how many files it read. */
  public static final class Scan {
    public final List<Row> rows;
    public final long filesRead;

    Scan(List<Row> rows, long filesRead) {
      this.rows = rows;
      this.filesRead = filesRead;
    }
  }
}
