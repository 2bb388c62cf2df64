package dev.finpipe.pipelines.produce;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces events at a steady rate: event {@code n} is let through no earlier than {@code start + n / rate}. Deadlines
 * are absolute, so sleeps that overshoot do not add up to drift. After a stall (a slow broker, a pause) it catches up
 * by at most one second's worth of events, rather than bursting the whole backlog.
 */
final class Pacer {
  private static final long MAX_CATCH_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final double nanosPerEvent;
  private final LongSupplier nanoTime;
  private final LongConsumer sleeper;
  private long start;
  private long events;

  /** @param eventsPerSecond 0 lets every event through at once */
  Pacer(double eventsPerSecond, LongSupplier nanoTime, LongConsumer sleeper) {
    this.nanosPerEvent = eventsPerSecond > 0 ? 1e9 / eventsPerSecond : 0;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static Pacer realTime(double eventsPerSecond) {
    return new Pacer(eventsPerSecond, System::nanoTime, LockSupport::parkNanos);
  }

  /** Waits until the next event is due. */
  void acquire() {
    if (nanosPerEvent == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (events == 0) {
      start = now;
    }
    long due = start + (long) (events * nanosPerEvent);
    if (now - due > MAX_CATCH_UP_NANOS) {
      start += now - due - MAX_CATCH_UP_NANOS;
      due = now - MAX_CATCH_UP_NANOS;
    }
    events++;
    while (due > now) { // parkNanos may wake early
      sleeper.accept(due - now);
      now = nanoTime.getAsLong();
    }
  }
}
