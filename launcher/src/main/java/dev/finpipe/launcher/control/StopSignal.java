package dev.finpipe.launcher.control;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells every waiting step that the launcher is stopping (a signal, or {@code launch cancel}'s effect on a run).
 * Steps never get their threads interrupted: an interrupted HTTP call could leave a createRun half sent. They wait
 * through {@link #sleep(Duration)}, which returns early once stopped, and then cancel their own runs.
 */
public final class StopSignal {
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile String reason = "";

  /** A signal nobody stops: for waits that must run to their end, such as waiting for a cancel to land. */
  public static StopSignal never() {
    return new StopSignal();
  }

  public void stop(String why) {
    if (stopped.getCount() > 0) {
      reason = why;
      stopped.countDown();
    }
  }

  public boolean isStopped() {
    return stopped.getCount() == 0;
  }

  public String reason() {
    return reason;
  }

  /** Waits {@code duration}; returns {@code false} when the signal came first (or the thread was interrupted). */
  public boolean sleep(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return !isStopped();
    }
    try {
      return !stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
