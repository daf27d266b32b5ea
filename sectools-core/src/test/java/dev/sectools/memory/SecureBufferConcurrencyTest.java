package dev.sectools.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Close racing with reads on other threads: every read that starts before the close sees the
 * whole, intact content (the memory is freed only when the last read ends), every read after it
 * fails with {@link IllegalStateException}, and nothing ever touches freed memory (which would
 * crash the JVM or return zeros).
 */
class SecureBufferConcurrencyTest {
  private static final int ROUNDS = 100;
  private static final int READERS = 3;

  @Test
  void close_racingWithReaders_readersSeeWholeContentOrIllegalState() throws Exception {
    byte[] data = new byte[2048];
    new SecureRandom().nextBytes(data);
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try {
      long reads = 0;
      for (int round = 0; round < ROUNDS; round++) {
        SecureBuffer b = SecureBuffer.copyOf(data);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
          boolean viaView = r % 2 == 0;
          readers.add(pool.submit(() -> readUntilClosed(b, data, go, viaView)));
        }
        Future<?> closer = pool.submit(() -> {
          go.await();
          b.close();
          return null;
        });
        go.countDown();
        closer.get(30, TimeUnit.SECONDS);
        for (Future<Long> f : readers) {
          reads += f.get(30, TimeUnit.SECONDS);
        }
        assertThat(b.isClosed()).isTrue();
      }
      System.out.printf("%d rounds, %d successful reads racing with close%n", ROUNDS, reads);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long readUntilClosed(SecureBuffer b, byte[] expected, CountDownLatch go, boolean viaView)
      throws InterruptedException {
    go.await();
    byte[] out = new byte[expected.length];
    long n = 0;
    while (true) {
      try {
        if (viaView) {
          b.withBytes(bb -> bb.get(out));
        } else {
          b.copyTo(out);
        }
      } catch (IllegalStateException closed) {
        assertThat(closed).hasMessage("SecureBuffer is closed");
        return n;
      }
      assertThat(out).isEqualTo(expected);
      n++;
    }
  }
}
