package dev.finpipe.pipelines.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.ApplicationNameOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.After;
import org.junit.Test;

/** Runner settings: chosen by runner name, the stage's application name, and the jars spark-submit ships. */
public class PipelineRunsTest {
  @After
  public void clearSparkJars() {
    System.clearProperty("spark.jars");
  }

  @Test
  public void directRunnerIsConfiguredNotToBlock() {
    DirectOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").as(DirectOptions.class);
    PipelineRuns.configure(options);
    assertFalse(options.isBlockOnRun());
  }

  @Test
  public void runnerNamesAreTheRunnersClassNames() {
    assertEquals(org.apache.beam.runners.direct.DirectRunner.class.getName(), PipelineRuns.DIRECT_RUNNER);
    assertEquals(org.apache.beam.runners.spark.SparkRunner.class.getName(), PipelineRuns.SPARK_RUNNER);
  }

  @Test
  public void aStagesJobIsNamedAfterTheStage() {
    ApplicationNameOptions options =
        PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--appName=StageMain").as(ApplicationNameOptions.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(1, 2, 3));
    PipelineRuns.configure(options);
    PipelineRuns.runToCompletion(pipeline, "silver", PipelineRunsTest.class, "none");
    assertEquals("finpipe-silver", options.getAppName());
  }

  @Test
  public void underSparkSubmitExactlyTheSubmittedJarsAreStaged() {
    System.setProperty("spark.jars", "file:/opt/finpipe/finpipe-pipelines-bundled.jar,file:/opt/extra.jar");
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    PipelineRuns.stageSubmittedJars(options);
    assertEquals(List.of("file:/opt/finpipe/finpipe-pipelines-bundled.jar", "file:/opt/extra.jar"), options.getFilesToStage());
  }

  @Test
  public void withoutSparkSubmitBeamDecidesWhatToStage() {
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    PipelineRuns.stageSubmittedJars(options);
    assertNull(options.getFilesToStage());
  }

  @Test
  public void filesToStageGivenOnTheCommandLineAreKept() {
    System.setProperty("spark.jars", "file:/opt/finpipe/finpipe-pipelines-bundled.jar");
    SparkPipelineOptions options =
        PipelineOptionsFactory.fromArgs("--filesToStage=/tmp/mine.jar").as(SparkPipelineOptions.class);
    PipelineRuns.stageSubmittedJars(options);
    assertEquals(List.of("/tmp/mine.jar"), options.getFilesToStage());
  }
}
