package dev.finpipe.pipelines.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.After;
import org.junit.Test;

public class LocalSparkContextTest {
  @After
  public void stopSharedContext() {
    LocalSparkContext.stop();
    System.clearProperty("spark.master");
  }

  private static SparkPipelineOptions sparkOptions(String master) {
    return PipelineOptionsFactory.fromArgs("--runner=SparkRunner", "--sparkMaster=" + master, "--enableSparkMetricSinks=false")
        .as(SparkPipelineOptions.class);
  }

  @Test
  public void pipelinesOfOneProcessShareOneLocalContextAndStageNoJars() {
    SparkPipelineOptions first = sparkOptions("local[2]");
    SparkPipelineOptions second = sparkOptions("local[2]");

    PipelineRuns.configure(first);
    PipelineRuns.configure(second);

    SparkContextOptions firstContext = first.as(SparkContextOptions.class);
    assertTrue(firstContext.getUsesProvidedSparkContext());
    assertSame(firstContext.getProvidedSparkContext(), second.as(SparkContextOptions.class).getProvidedSparkContext());
    assertEquals("local[2]", firstContext.getProvidedSparkContext().master());
    assertEquals(List.of(), first.getFilesToStage());
  }

  @Test
  public void masterSetBySparkSubmitIsNotLocalAndGetsNoSharedContext() {
    System.setProperty("spark.master", "spark://cluster:7077");
    SparkPipelineOptions options = sparkOptions("local[4]");

    PipelineRuns.configure(options);

    assertFalse(LocalSparkContext.isLocal(options));
    assertFalse(options.as(SparkContextOptions.class).getUsesProvidedSparkContext());
    assertNull(options.getFilesToStage());
  }
}
