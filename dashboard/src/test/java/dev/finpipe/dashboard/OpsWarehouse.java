package dev.finpipe.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.finpipe.io.TableSpec;
import dev.finpipe.pipelines.common.TableSnapshots;
import dev.finpipe.pipelines.generate.GenerateOps;
import dev.finpipe.pipelines.medallion.RunMedallion;
import dev.finpipe.pipelines.ops.AlertsConfig;
import dev.finpipe.pipelines.ops.RaiseAlerts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The warehouse the Operations page tests read, built once per test JVM by the real stages: generated application
 * logs and infrastructure metrics with scripted incident episodes (GenerateOps) through the medallion on the
 * SparkRunner (the DirectRunner is slow on this volume), so gold/service_minute, gold/incidents and
 * gold/ops_kpis_daily hold real incidents, some resolved and one open; then the alerts raised from them, delivered to a
 * webhook on loopback, in ops/alerts.
 */
final class OpsWarehouse {
  private static OpsWarehouse instance;

  final String warehouse;

  private OpsWarehouse(String warehouse) {
    this.warehouse = warehouse;
  }

  static synchronized OpsWarehouse get() {
    if (instance == null) {
      try {
        Path dir = Path.of("target", "ops-warehouse").toAbsolutePath();
        DemoWarehouse.deleteRecursively(dir.toFile());
        Path config = Files.createDirectories(dir.resolve("domains"));
        String end = Instant.now().truncatedTo(ChronoUnit.DAYS).toString();
        for (String domain : List.of("app_logs", "infra_metrics")) {
          Path input = dir.resolve("input").resolve(domain);
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          int exit = GenerateOps.execute(new PrintStream(err, true, StandardCharsets.UTF_8), "--domain=" + domain,
              "--outputDir=" + input, "--seed=7", "--services=2", "--minutes=100", "--batches=2", "--end=" + end);
          if (exit != 0) {
            throw new IllegalStateException("GenerateOps failed: " + err.toString(StandardCharsets.UTF_8));
          }
          Files.writeString(config.resolve(domain + ".yaml"), "input: " + input + "/*.jsonl\n");
        }
        OpsWarehouse ops = new OpsWarehouse(dir.resolve("warehouse").toString());
        // Spark's web UI needs the javax servlet API, which the dashboard's own Jetty (jakarta) leaves out.
        System.setProperty("spark.ui.enabled", "false");
        RunMedallion.run(PipelineOptionsFactory.fromArgs("--runner=SparkRunner", "--sparkMaster=local[2]",
                "--enableSparkMetricSinks=false", "--warehouse=" + ops.warehouse, "--domains=app_logs,infra_metrics",
                "--domainConfig=" + config)
            .as(RunMedallion.Options.class));
        ops.raiseAlerts(dir);
        instance = ops;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** The incident alerts only (the generated data is a day old: freshness would alert on every table). */
  private void raiseAlerts(Path dir) throws IOException {
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    hook.start();
    try {
      Path file = dir.resolve("alerts.yaml");
      Files.writeString(file, String.join("\n",
          "sinks:",
          "  - {name: hook, type: webhook, urlEnv: HOOK_URL}",
          "routes: {incident_opened: [hook], incident_resolved: [hook]}",
          ""));
      String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
      RaiseAlerts.run(warehouse, AlertsConfig.read(file, Map.of("HOOK_URL", url)::get));
    } finally {
      hook.stop(0);
    }
  }

  List<GenericRecord> rows(TableSpec spec) {
    return TableSnapshots.rows(warehouse, spec);
  }
}
