package dev.sectools.internal.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A clock tests move by hand, which can hold one thread inside {@link #instant()} until released:
 * a store asks the clock between reading a record and acting on it, so a test can put a newer
 * record in that gap, deterministically.
 */
final class GatedClock implements InstantSource {
  private volatile Instant now = Instant.parse("2026-12-07T00:00:00Z");
  private volatile Thread held;
  private final CountDownLatch inside = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  @Override
  public Instant instant() {
    if (Thread.currentThread() == held) {
      inside.countDown();
      try {
        if (!released.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the clock");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  /**
   * Starts {@code work} on a thread that the clock holds at its first {@link #instant()}, and waits
   * until it is held.
   */
  Thread holdWhile(ThrowingRunnable work) throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Exception e) {
        // the test checks the outcome through the store
      }
    }, "held-by-clock");
    held = t;
    t.start();
    if (!inside.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the held thread never asked the clock");
    }
    return t;
  }

  /** Lets the held thread go on, and waits for it to finish. */
  void releaseAndJoin(Thread t) throws InterruptedException {
    released.countDown();
    t.join(20_000);
  }

  /** Work that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
