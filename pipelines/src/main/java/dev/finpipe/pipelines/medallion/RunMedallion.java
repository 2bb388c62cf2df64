package dev.finpipe.pipelines.medallion;

import dev.finpipe.pipelines.bronze.BronzeFromFiles;
import dev.finpipe.pipelines.bronze.BronzeFromKafka;
import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.domain.Domains;
import dev.finpipe.pipelines.common.DomainSettings;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.common.TriggerLoop;
import dev.finpipe.pipelines.common.Warehouses;
import dev.finpipe.pipelines.gold.SilverToGold;
import dev.finpipe.pipelines.ops.OpsToGold;
import dev.finpipe.pipelines.maintenance.AutoCompact;
import dev.finpipe.pipelines.ops.AlertOptions;
import dev.finpipe.pipelines.ops.RaiseAlerts;
import dev.finpipe.pipelines.silver.BronzeToSilver;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Bronze, then silver, then gold, in one process: each stage commits before the next reads, and each prints its
 * own summary. A failing stage stops the chain; stages already committed stay committed. Bronze reads the
 * {@code --input} files, or with {@code --source=KAFKA} what {@code --topic} holds now (available-now, exactly once;
 * a backlog beyond {@code --maxRecordsPerTrigger} runs as several rounds of bounded batches, see
 * {@link dev.finpipe.pipelines.common.BatchBudget}).
 * With {@code --continuous} the chain repeats every {@code --triggerInterval} in the same JVM and Spark context
 * ({@code make stream}): a streaming medallion without three processes competing for the machine. A tick that finds
 * nothing new costs three log reads; a tick that fails commits nothing it had not decided, and the loop retries.
 *
 * <pre>{@code
 * mvn -pl pipelines exec:java -Dexec.mainClass=dev.finpipe.pipelines.medallion.RunMedallion \
 *   -Dexec.args="--runner=SparkRunner --input=data/dev/input/*.jsonl --warehouse=data/dev"
 * # from Kafka: --source=KAFKA --topic=transactions --bootstrapServers=127.0.0.1:9092 instead of --input
 * # streaming: --source=KAFKA ... --continuous --triggerInterval=2s
 * }</pre>
 */
public final class RunMedallion {
  /** Where bronze reads from. */
  public enum Source {
    FILES,
    KAFKA
  }

  /** Every stage's options. */
  public interface Options
      extends BronzeFromFiles.Options, BronzeFromKafka.Options, BronzeToSilver.Options, SilverToGold.Options,
      OpsToGold.Options, AlertOptions {
    @Description("Bronze's source: FILES (--input) or KAFKA (--topic, --kafkaConfig, --bootstrapServers), read up to "
        + "the end offsets seen at the start.")
    @Default.Enum("FILES")
    Source getSource();

    void setSource(Source source);

    @Description("The domains to run, comma-separated, or all; they run in dependency order (transactions last, "
        + "so that its gold sees the customers and accounts of the same round). Default transactions, as before there "
        + "were domains; `make medallion` and `make stream` run all unless DOMAIN names some.")
    @Default.String("transactions")
    String getDomains();

    void setDomains(String domains);
  }

  private RunMedallion() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    String warehouse = Warehouses.normalize(options.getWarehouse());
    // The alerts after each tick (also a failed one, which they record first); --alertsConfig absent: off.
    StageMain.exitAll(() -> TriggerLoop.runAll("medallion", options, RaiseAlerts.afterEachBatch("medallion", warehouse,
        options.getAlertsConfig(), AutoCompact.afterAll(warehouse, options.getAutoCompact(), () -> run(options)))), options);
  }

  /**
   * Bronze then silver of each domain, in dependency order, then gold when transactions ran and
   * the ops gold when app_logs or infra_metrics ran; each report is printed
   * as soon as its stage is done.
   */
  public static List<RunReport> run(Options options) {
    List<DomainSettings> domains = DomainSettings.forDomains(Domains.parse(options.getDomains()), options);
    List<RunReport> reports = new ArrayList<>();
    for (DomainSettings domain : domains) {
      reports.add(printed(options.getSource() == Source.KAFKA
          ? BronzeFromKafka.run(options, domain, domains.size() == 1)
          : BronzeFromFiles.run(options, domain)));
      reports.add(printed(BronzeToSilver.run(options, domain)));
    }
    if (domains.stream().anyMatch(d -> d.domain() == Domains.TRANSACTIONS)) {
      reports.add(printed(SilverToGold.run(options)));
    }
    if (domains.stream().anyMatch(d -> d.domain() == Domains.APP_LOGS || d.domain() == Domains.INFRA_METRICS)) {
      reports.add(printed(OpsToGold.run(options)));
    }
    return reports;
  }

  private static RunReport printed(RunReport report) {
    report.printOnce();
    return report;
  }
}
