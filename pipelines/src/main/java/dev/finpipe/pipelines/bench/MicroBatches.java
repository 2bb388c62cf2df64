package dev.finpipe.pipelines.bench;

import dev.finpipe.pipelines.common.RunReport;
import dev.finpipe.pipelines.common.StageMain;
import dev.finpipe.pipelines.medallion.RunMedallion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code make bench-incremental}'s measured process: the medallion once per file of {@code --batchFiles}, each file
 * first copied into {@code --input}'s directory, all in one JVM, so the runs share one Spark context and silver's
 * committed-id view the way {@code make stream}'s micro-batches do. The first run pays what a restarted stream pays
 * (the view built from silver's open windows); the later ones cost what a running stream's batches cost. Every run's
 * reports go to {@code --summaryFile}, in order.
 */
public final class MicroBatches {
  /** The medallion's options and the batches to feed it. */
  public interface Options extends RunMedallion.Options {
    @Description("Comma-separated JSON-lines files, copied one at a time into --input's directory, a medallion run each.")
    @Validation.Required
    String getBatchFiles();

    void setBatchFiles(String files);
  }

  private MicroBatches() {}

  public static void main(String[] args) {
    Options options = StageMain.parse(args, Options.class);
    StageMain.exitAll(() -> run(options), options);
  }

  static List<RunReport> run(Options options) {
    Path inputDir = Path.of(options.getInput()).getParent();
    List<RunReport> reports = new ArrayList<>();
    for (String file : options.getBatchFiles().split(",")) {
      Path batch = Path.of(file.trim());
      try {
        Files.copy(batch, inputDir.resolve(batch.getFileName()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy batch " + batch + " into " + inputDir, e);
      }
      reports.addAll(RunMedallion.run(options));
    }
    return reports;
  }
}
