package dev.finpipe.launcher.synapse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import org.junit.Test;

public class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));

  @Test
  public void ceilingDoublesUpToTheCap() {
    assertThat(backoff.ceiling(0), equalTo(Duration.ofMillis(100)));
    assertThat(backoff.ceiling(1), equalTo(Duration.ofMillis(200)));
    assertThat(backoff.ceiling(3), equalTo(Duration.ofMillis(800)));
    assertThat(backoff.ceiling(4), equalTo(Duration.ofMillis(1_000)));
    assertThat(backoff.ceiling(60), equalTo(Duration.ofMillis(1_000)));
  }

  @Test
  public void delayIsBetweenHalfAndAllOfTheCeiling() {
    for (int attempt = 0; attempt < 8; attempt++) {
      for (int draw = 0; draw < 50; draw++) {
        long ceiling = backoff.ceiling(attempt).toNanos();
        assertThat(backoff.delay(attempt).toNanos(),
            both(greaterThanOrEqualTo(ceiling / 2)).and(lessThanOrEqualTo(ceiling)));
      }
    }
  }

  @Test
  public void initialMustNotExceedMax() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
  }
}
