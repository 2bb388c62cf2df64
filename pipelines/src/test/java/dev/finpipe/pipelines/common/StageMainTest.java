package dev.finpipe.pipelines.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/** The stage entry point turns every failure, errors included, into FinPipe's message and exit code 1. */
public class StageMainTest {
  private static final String NOTHING_COMMITTED = "Nothing was committed by the failed stage";
  private static final String CLASSPATH_HINT = "A class is missing or has another version than this build expects";

  @Test
  public void missingClassIsARunFailureWithTheClasspathHint() {
    String err = runExpectingFailure(() -> {
      throw new NoClassDefFoundError("org/apache/beam/runners/direct/DirectRunner");
    });
    assertThat(err, containsString("FAILED: java.lang.NoClassDefFoundError: org/apache/beam/runners/direct/DirectRunner"));
    assertThat(err, containsString(NOTHING_COMMITTED));
    assertThat(err, containsString(CLASSPATH_HINT));
  }

  @Test
  public void methodOfAnotherVersionIsARunFailureWithTheClasspathHint() {
    String err = runExpectingFailure(() -> {
      throw new NoSuchMethodError("'void com.google.common.base.Preconditions.checkState(boolean, java.lang.String, long)'");
    });
    assertThat(err, containsString("FAILED: java.lang.NoSuchMethodError: 'void com.google.common.base.Preconditions"));
    assertThat(err, containsString(NOTHING_COMMITTED));
    assertThat(err, containsString(CLASSPATH_HINT));
  }

  @Test
  public void brokenServiceFileIsARunFailureWithTheClasspathHint() {
    String err = runExpectingFailure(() -> {
      throw new ServiceConfigurationError("com.fasterxml.jackson.databind.Module: Provider not a subtype");
    });
    assertThat(err, containsString("FAILED: java.util.ServiceConfigurationError: com.fasterxml.jackson.databind.Module"));
    assertThat(err, containsString(NOTHING_COMMITTED));
    assertThat(err, containsString(CLASSPATH_HINT));
  }

  @Test
  public void runtimeFailureKeepsItsMessageWithoutTheClasspathHint() {
    String err = runExpectingFailure(() -> {
      throw new PipelineRuns.RunFailedException("silver pipeline ended FAILED");
    });
    assertThat(err, containsString("FAILED: silver pipeline ended FAILED"));
    assertThat(err, containsString(NOTHING_COMMITTED));
    assertThat(err, not(containsString(CLASSPATH_HINT)));
  }

  private static String runExpectingFailure(Supplier<List<RunReport>> stage) {
    RunOptions options = PipelineOptionsFactory.create().as(RunOptions.class);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = StageMain.runAndReport(stage, options);
    } finally {
      System.setErr(original);
    }
    assertEquals(StageMain.EXIT_RUN_FAILED, code);
    return captured.toString(StandardCharsets.UTF_8);
  }
}
