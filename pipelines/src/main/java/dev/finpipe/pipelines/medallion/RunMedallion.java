package dev.finpipe.pipelines.medallion;

import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.gold.SilverToGold;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.util.ArrayList;
import java.util.List;

/**
 * Bronze, then silver, then gold, in one process: each stage commits before the next reads, and each prints its
 * own summary. A failing stage stops the chain; stages already committed stay committed.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.medallion.RunMedallion \
 *   -Dexec.args="--runner=SparkRunner --input=data/dev/input/*.jsonl --warehouse=data/dev"
 * }</pre>
 */
public final class RunMedallion {
  /** Every stage's options. */
  public interface Options extends BronzeFromFiles.Options, BronzeToSilver.Options, SilverToGold.Options {}

  private RunMedallion() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> run(options), options);
  }

  public static List<RunReport> run(Options options) {
    List<RunReport> reports = new ArrayList<>();
    reports.add(BronzeFromFiles.run(options));
    reports.add(BronzeToSilver.run(options));
    reports.add(SilverToGold.run(options));
    return reports;
  }
}
