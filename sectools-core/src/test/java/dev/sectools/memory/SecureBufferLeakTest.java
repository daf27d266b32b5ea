package dev.sectools.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A buffer that is never closed is wiped and freed by the Cleaner, which logs one warning that
 * names where the buffer was allocated and nothing of its content.
 */
class SecureBufferLeakTest {
  // Held strongly: java.util.logging keeps loggers weakly.
  private static final Logger LOGGER = Logger.getLogger("dev.sectools.memory");

  @Test
  void cleaner_unclosedBuffer_warnsWithAllocationSiteAndNoContent() throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        messages.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    LOGGER.addHandler(handler);
    try {
      leakOneBuffer();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (messages.stream().noneMatch(m -> m.contains("never closed")) && System.nanoTime() < deadline) {
        System.gc();
        Thread.onSpinWait();
      }
    } finally {
      LOGGER.removeHandler(handler);
    }
    String warning = messages.stream().filter(m -> m.contains("never closed")).findFirst().orElseThrow();
    assertThat(warning).contains("SecureBuffer of 19 bytes")
        .contains(SecureBufferLeakTest.class.getName() + ".leakOneBuffer(SecureBufferLeakTest.java:")
        .doesNotContain("leaked-secret");
    assertThat(messages.stream().filter(m -> m.contains("never closed"))).hasSize(1);
  }

  private static void leakOneBuffer() {
    SecureBuffer.copyOf("leaked-secret-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
