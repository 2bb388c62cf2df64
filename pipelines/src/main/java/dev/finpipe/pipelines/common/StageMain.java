package dev.finpipe.pipelines.common;

import java.nio.file.Paths;
import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The shared {@code main} of every stage: parse and validate options, run, print the summary, and exit 0 on success,
 * 1 when the run failed (nothing committed), 2 when the command line is wrong.
 */
public final class StageMain {
  public static final int EXIT_OK = 0;
  public static final int EXIT_RUN_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private StageMain() {}

  public static <T extends PipelineOptions> T parse(String[] args, Class<T> optionsClass) {
    PipelineOptionsFactory.register(optionsClass);
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(optionsClass);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("Run with --help=" + optionsClass.getName() + " to list the options.");
      System.exit(EXIT_USAGE);
      throw e;
    }
  }

  /**
   * Runs one or more stages in order and exits when they are done, even if a runner left threads behind. With
   * {@code --summaryFile}, the reports are also written there as a JSON array.
   */
  public static void exitAll(Supplier<List<RunReport>> stages, RunOptions options) {
    System.exit(runAndReport(stages, options));
  }

  public static void exit(Supplier<RunReport> stage, RunOptions options) {
    System.exit(runAndReport(() -> List.of(stage.get()), options));
  }

  static int runAndReport(Supplier<List<RunReport>> stages, RunOptions options) {
    try {
      List<RunReport> reports = stages.get();
      reports.forEach(RunReport::printOnce);
      if (options.getSummaryFile() != null) {
        RunReport.writeJson(reports, Paths.get(options.getSummaryFile()));
      }
      return EXIT_OK;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      System.err.println("FAILED: " + e.getMessage());
      System.err.println("Nothing was committed by the failed stage, except commits a run had already decided, "
          + "which the stage's next run finishes; its other files are invisible to readers and the next run removes them.");
      e.printStackTrace(System.err);
      return EXIT_RUN_FAILED;
    }
  }
}
