package dev.finpipe.pipelines.common;

import dev.finpipe.options.WarehouseOptions;
import java.nio.file.Paths;
import java.util.List;
import java.util.ServiceConfigurationError;
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
    try {
      PipelineOptionsFactory.register(optionsClass);
      T options = PipelineOptionsFactory.fromArgs(args).withValidation().as(optionsClass);
      if (options instanceof WarehouseOptions) {
        WarehouseStorage.configure((WarehouseOptions) options);
      }
      return options;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("Run with --help=" + optionsClass.getName() + " to list the options.");
      System.exit(EXIT_USAGE);
      throw e;
    } catch (Error e) {
      // Beam's option factory loads every registrar on the classpath first: a jar that clashes with the cluster's
      // fails here, before any work.
      System.exit(reportFailure(e));
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
    } catch (RuntimeException | Error e) {
      return reportFailure(e);
    }
  }

  /**
   * Prints why the run failed and returns {@link #EXIT_RUN_FAILED}. Errors get a hint: a class missing or of another
   * version ({@code NoClassDefFoundError}, {@code NoSuchMethodError}, {@code ServiceConfigurationError}) means the
   * jar and the cluster's classpath do not fit together.
   */
  static int reportFailure(Throwable e) {
    System.err.println("FAILED: " + (e instanceof Error ? e.toString() : e.getMessage()));
    System.err.println("Nothing was committed by the failed stage, except commits a run had already decided, "
        + "which the stage's next run finishes; its other files are invisible to readers and the next run removes them.");
    if (e instanceof LinkageError || e instanceof ServiceConfigurationError) {
      System.err.println("A class is missing or has another version than this build expects: run the bundled jar on "
          + "Spark 3.5 / Scala 2.12 without spark.{driver,executor}.userClassPathFirst (README, Running on a cluster).");
    }
    e.printStackTrace(System.err);
    return EXIT_RUN_FAILED;
  }
}
