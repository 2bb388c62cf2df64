package dev.finpipe.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The Prometheus endpoint of the continuous stages, scraped over HTTP and parsed, after the real stages ran over the
 * end-to-end fixture (every kind of bad record): each series carries the figure the stage's report gave.
 */
public class StageMetricsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private RunMedallion.Options options(String... extra) throws IOException {
    Path input = tmp.getRoot().toPath().resolve("input");
    Files.createDirectories(input);
    List<String> args = new java.util.ArrayList<>(List.of("--runner=DirectRunner",
        "--warehouse=" + tmp.getRoot().toPath().resolve("warehouse"), "--input=" + input + "/*.jsonl"));
    args.addAll(List.of(extra));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(RunMedallion.Options.class);
  }

  /** Scrapes the endpoint: each sample as {@code name{label=value,...}} (labels sorted) to its value. */
  private static Map<String, Double> scrape(int port) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    Map<String, Double> samples = new TreeMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0) {
        for (String pair : series.substring(brace + 1, series.length() - 1).split(",(?=[a-z_]+=\")")) {
          String[] kv = pair.split("=", 2);
          labels.put(kv[0], kv[1].substring(1, kv[1].length() - 1));
        }
      }
      samples.put(name + labels, Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }

  @Test
  public void endpointServesEachStagesFiguresFromItsReport() throws Exception {
    RunMedallion.Options options = options("--metricsPort=" + freePort());
    try (InputStream in = getClass().getResourceAsStream("/MedallionEndToEndTest/batch-1.jsonl");
        OutputStream out = Files.newOutputStream(Path.of(options.getInput().replace("*.jsonl", "batch-1.jsonl")))) {
      in.transferTo(out);
      out.write(new byte[] {'{', '"', 'b', 'a', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}', '\n'});
    }
    List<RunReport> reports = RunMedallion.run(options);

    try (StageMetrics metrics = StageMetrics.serve(options)) {
      reports.forEach(metrics::succeeded);
      metrics.failed("gold");
      Map<String, Double> s = scrape(metrics.port());

      assertEquals(1.0, s.get("finpipe_batches_total{outcome=success, stage=silver}"), 0);
      assertEquals(1.0, s.get("finpipe_batches_total{outcome=failed, stage=gold}"), 0);
      assertEquals(16.0, s.get("finpipe_rows_read_total{stage=bronze}"), 0);
      assertEquals(15.0, s.get("finpipe_rows_read_total{stage=silver}"), 0);
      assertEquals(5.0, s.get("finpipe_rows_read_total{stage=gold}"), 0);
      assertEquals(15.0, s.get("finpipe_rows_written_total{stage=bronze, table=bronze/transactions}"), 0);
      assertEquals(1.0, s.get("finpipe_rows_written_total{stage=bronze, table=quarantine/transactions}"), 0);
      assertEquals(5.0, s.get("finpipe_rows_written_total{stage=silver, table=silver/transactions}"), 0);
      assertEquals(9.0, s.get("finpipe_rows_written_total{stage=silver, table=quarantine/transactions}"), 0);
      assertEquals(4.0, s.get("finpipe_rows_written_total{stage=gold, table=gold/daily_user_currency}"), 0);
      assertEquals(1.0, s.get("finpipe_duplicates_total{stage=silver}"), 0);
      assertEquals(1.0, s.get("finpipe_quarantined_total{reason=NOT_UTF8, stage=bronze}"), 0);
      assertEquals(1.0, s.get("finpipe_quarantined_total{reason=PARSE MALFORMED_JSON, stage=silver}"), 0);
      assertEquals(1.0, s.get("finpipe_quarantined_total{reason=PARSE WRONG_TYPE, stage=silver}"), 0);
      assertEquals(0.0, s.get("finpipe_quarantined_total{reason=LATE, stage=silver}"), 0);
      assertEquals(1.0, s.get("finpipe_rule_failures_total{rule=currency_iso4217}"), 0);
      assertEquals(1.0, s.get("finpipe_rule_failures_total{rule=event_time_not_future}"), 0);
      assertEquals(1.0, s.get("finpipe_batch_duration_seconds_count{stage=silver}"), 0);
      assertEquals(reports.get(1).elapsedMillis() / 1000.0, s.get("finpipe_batch_duration_seconds_sum{stage=silver}"), 1e-9);
      // Silver's newest committed event is t-011 at 2026-11-21T08:00Z.
      double expectedFreshness = (System.currentTimeMillis() - Instant.parse("2026-11-21T08:00:00Z").getMillis()) / 1000.0;
      assertThat(s.get("finpipe_freshness_seconds{table=silver/transactions}"), closeTo(expectedFreshness, 60));
      assertThat(s.get("finpipe_last_success_timestamp_seconds{stage=gold}"),
          closeTo(System.currentTimeMillis() / 1000.0, 600));
    }
  }

  @Test
  public void theBacklogGaugeShowsWhatTheLastBatchLeftAndFallsToZeroOnceCaughtUp() throws Exception {
    try (StageMetrics metrics = StageMetrics.serve(options("--metricsPort=" + freePort()))) {
      metrics.succeeded(new RunReport("bronze", "bronze-1", "DirectRunner").backlog(2_500_000));
      metrics.succeeded(new RunReport("silver", "silver-1", "DirectRunner").backlog(400));
      Map<String, Double> during = scrape(metrics.port());
      assertEquals(2_500_000.0, during.get("finpipe_backlog_records{stage=bronze}"), 0);
      assertEquals(400.0, during.get("finpipe_backlog_records{stage=silver}"), 0);

      metrics.succeeded(new RunReport("bronze", "bronze-2", "DirectRunner"));
      Map<String, Double> after = scrape(metrics.port());
      assertEquals(0.0, after.get("finpipe_backlog_records{stage=bronze}"), 0);
      assertEquals(400.0, after.get("finpipe_backlog_records{stage=silver}"), 0);
    }
  }

  @Test
  public void metricsAreOffByDefaultAndABadPortIsRefused() throws Exception {
    assertEquals(null, StageMetrics.serve(options()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StageMetrics.serve(options("--metricsPort=70000")));
    assertThat(e.getMessage(), containsString("--metricsPort=70000 is not a port"));
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
