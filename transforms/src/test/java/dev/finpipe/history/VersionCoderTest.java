package dev.finpipe.history;

import static dev.finpipe.history.CustomerChange.closed;
import static dev.finpipe.history.CustomerChange.current;
import static dev.finpipe.history.CustomerChange.upsert;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.finpipe.model.ModelCoders;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

public class VersionCoderTest {
  private static final Coder<CustomerChange> RECORD_CODER = ModelCoders.of(Pipeline.create(), CustomerChange.class);
  private static final VersionCoder<CustomerChange> CODER = VersionCoder.of(RECORD_CODER);

  private static final Version<CustomerChange> CLOSED = closed(upsert("C1", 1, "Ana"), 3);
  private static final Version<CustomerChange> CURRENT = current(upsert("C1", 3, null));

  @Test
  public void currentIsAVersionWithoutValidTo() {
    assertFalse(CLOSED.isCurrent());
    assertTrue(CURRENT.isCurrent());
    assertEquals(CustomerChange.day(3), CLOSED.getValidTo());
  }

  @Test
  public void closedAndCurrentVersionsRoundTrip() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CODER, CLOSED);
    CoderProperties.coderDecodeEncodeEqual(CODER, CURRENT);
    CoderProperties.coderConsistentWithEquals(CODER, CLOSED, CURRENT);
    CoderProperties.coderSerializable(CODER);
  }

  @Test
  public void deterministicOverTheRecordsSchemaCoder() throws Exception {
    CODER.verifyDeterministic();
    CoderProperties.coderDeterministic(CODER, CLOSED, closed(upsert("C1", 1, "Ana"), 3));
    assertEquals(RECORD_CODER, CODER.getRecordCoder());
  }

  @Test
  public void notDeterministicOverANonDeterministicRecordCoder() {
    VersionCoder<Double> overDoubles = VersionCoder.of(DoubleCoder.of());
    Coder.NonDeterministicException e =
        assertThrows(Coder.NonDeterministicException.class, overDoubles::verifyDeterministic);
    assertThat(e.getMessage(), containsString("the record coder must be deterministic"));
  }
}
