package dev.finpipe.pipelines.produce;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class PacerTest {
  /** A clock that only moves when the pacer sleeps, or when the test says so. */
  private static final class FakeTime {
    long now = 1_000_000_000L;
    long slept;
    long sleeps;
    long oversleep;

    void sleep(long nanos) {
      now += nanos + oversleep;
      slept += nanos;
      sleeps++;
    }
  }

  private final FakeTime time = new FakeTime();

  private Pacer pacer(double rate) {
    return new Pacer(rate, () -> time.now, time::sleep);
  }

  @Test
  public void eventNIsDueAtNOverRate() {
    Pacer pacer = pacer(1_000);
    long start = time.now;

    for (int i = 0; i < 1_001; i++) {
      pacer.acquire();
    }

    assertEquals(TimeUnit.SECONDS.toNanos(1), time.now - start);
  }

  @Test
  public void oversleepingDoesNotAddUp() {
    time.oversleep = TimeUnit.MICROSECONDS.toNanos(300);
    Pacer pacer = pacer(1_000);
    long start = time.now;

    for (int i = 0; i < 1_001; i++) {
      pacer.acquire();
    }

    // Each sleep wakes 0.3 ms late, but deadlines are absolute: the run ends 0.3 ms late, not 300 ms.
    assertEquals(TimeUnit.SECONDS.toNanos(1) + time.oversleep, time.now - start);
  }

  @Test
  public void afterAStallItCatchesUpByOneSecondAtMost() {
    Pacer pacer = pacer(100);
    pacer.acquire();
    time.now += TimeUnit.SECONDS.toNanos(10); // the broker was slow for 10 s

    long sleepsBefore = time.sleeps;
    for (int i = 0; i < 100; i++) {
      pacer.acquire(); // one second's worth goes at once
    }
    assertEquals(sleepsBefore, time.sleeps);

    long before = time.now;
    pacer.acquire();
    pacer.acquire();
    assertEquals(TimeUnit.MILLISECONDS.toNanos(10), time.now - before); // then paced again
  }

  @Test
  public void rateZeroNeverWaits() {
    Pacer pacer = pacer(0);

    for (int i = 0; i < 10_000; i++) {
      pacer.acquire();
    }

    assertEquals(0, time.sleeps);
  }
}
