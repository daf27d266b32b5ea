package dev.sectools.internal.cache;

import static dev.sectools.internal.cache.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefetcherTest {
  private static final int CHUNK = 1024;

  /** A channel over {@code data} that fails once {@code failAt} bytes have been read. */
  private static ReadableByteChannel failingAfter(byte[] data, int failAt) {
    ReadableByteChannel in = Channels.newChannel(new java.io.ByteArrayInputStream(data));
    int[] read = new int[1];
    return channel(dst -> {
      if (read[0] >= failAt) {
        throw new IOException("disk error");
      }
      ByteBuffer limited = dst.slice().limit(Math.min(dst.remaining(), failAt - read[0]));
      int n = in.read(limited);
      if (n > 0) {
        dst.position(dst.position() + n);
        read[0] += n;
      }
      return n;
    });
  }

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void next_readsEverythingInChunksAndRecyclesArrays() throws Exception {
    byte[] data = data(10 * CHUNK + 7);
    ChunkPool pool = new ChunkPool(CHUNK, 8);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (Prefetcher p = new Prefetcher(Channels.newChannel(new java.io.ByteArrayInputStream(data)),
        data.length + 1, pool)) {
      for (byte[] c = p.next(); c != null; c = p.next()) {
        got.write(c);
        p.recycle(c);
      }
      assertThat(p.next()).isNull();
    }
    assertThat(got.toByteArray()).isEqualTo(data);
  }

  @Test
  void next_afterAReadFailed_throwsThatFailureAgainNeverAnEnd() throws Exception {
    byte[] data = data(5 * CHUNK);
    try (Prefetcher p = new Prefetcher(failingAfter(data, 2 * CHUNK), data.length + 1, CHUNK)) {
      assertThat(p.next()).hasSize(CHUNK);
      assertThat(p.next()).hasSize(CHUNK);
      assertThatThrownBy(p::next).hasMessage("disk error");
      assertThatThrownBy(p::next).as("again, not an end").hasMessage("disk error");
    }
  }

  @Test
  void next_firstReadFails_throwsThatFailureAgain() throws Exception {
    try (Prefetcher p = new Prefetcher(failingAfter(data(CHUNK), 0), CHUNK + 1, CHUNK)) {
      assertThatThrownBy(p::next).hasMessage("disk error");
      assertThatThrownBy(p::next).hasMessage("disk error");
    }
  }

  /**
   * An {@link Error} on the reader thread (an {@code OutOfMemoryError} taking an array, say)
   * reaches the consumer, then again, never an end: before, the reader died and the consumer
   * waited for its next chunk for ever.
   */
  @Test
  void next_errorOnReaderThread_reachesConsumerInsteadOfHanging() {
    byte[] data = data(5 * CHUNK);
    ReadableByteChannel in = Channels.newChannel(new java.io.ByteArrayInputStream(data));
    ReadableByteChannel breaks = channel(dst -> {
      if (Thread.currentThread().getName().equals("sectools-cache-read")) {
        throw new StackOverflowError("the reader thread broke");
      }
      return in.read(dst);
    });

    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      try (Prefetcher p = new Prefetcher(breaks, data.length + 1, CHUNK)) {
        assertThat(p.next()).as("read by the consumer").hasSize(CHUNK);
        assertThatThrownBy(p::next).isInstanceOf(StackOverflowError.class);
        assertThatThrownBy(p::next).as("again, not an end").isInstanceOf(StackOverflowError.class);
      }
    });
  }

  @Test
  void close_beforeAndInTheMiddle_stopsTheReader() throws Exception {
    byte[] data = data(100 * CHUNK);
    new Prefetcher(Channels.newChannel(new java.io.ByteArrayInputStream(data)), data.length, CHUNK).close();
    Prefetcher p = new Prefetcher(Channels.newChannel(new java.io.ByteArrayInputStream(data)), data.length, CHUNK);
    assertThat(p.next()).hasSize(CHUNK);
    p.close();
    assertThat(p.next()).isNull();
  }
}
