package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cache.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private static final int CHUNK = ReadAhead.CHUNK_BYTES;

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static OffHeapCopy read(byte[] stored, long size, Sha256 sha) throws Exception {
    return Verifier.read(Channels.newChannel(new ByteArrayInputStream(stored)), size, sha);
  }

  @Test
  void read_exactContentSmallAndReadAhead_privateCopyEqual() throws Exception {
    for (int n : new int[] {0, 10, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 3, 8 * CHUNK}) {
      byte[] data = bytes(n);
      OffHeapCopy copy = read(data, n, Sha256.of(data));
      assertThat(copy.size()).isEqualTo(n);
      assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
      copy.release();
    }
  }

  @Test
  void read_shorterLongerOrDifferent_mismatch() {
    for (int n : new int[] {100, 3 * ReadAhead.CHUNK_BYTES}) {
      byte[] data = bytes(n);
      Sha256 sha = Sha256.of(data);
      byte[] flipped = data.clone();
      flipped[n / 2 + 5] ^= 1;
      for (byte[] stored : new byte[][] {Arrays.copyOf(data, n - 1), Arrays.copyOf(data, n + 1), flipped}) {
        assertThatThrownBy(() -> read(stored, n, sha)).isInstanceOf(Verifier.Mismatch.class);
      }
    }
  }

  @Test
  void read_channelFailsMidway_failureReported() {
    byte[] data = bytes(4 * ReadAhead.CHUNK_BYTES);
    ReadableByteChannel failing = new ReadableByteChannel() {
      private int reads;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (++reads == 3) {
          throw new IOException("disk gone");
        }
        int n = Math.min(dst.remaining(), 1000);
        dst.put(data, 0, n);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    assertThatThrownBy(() -> Verifier.read(failing, data.length, Sha256.of(data)))
        .isInstanceOf(IOException.class).hasMessage("disk gone");
  }

  @Test
  void read_callerInterruptedWhileWaitingForReader_stopsReaderAndKeepsInterrupt() throws Exception {
    byte[] data = bytes(2 * CHUNK);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ReadableByteChannel stalls = new ReadableByteChannel() {
      private boolean first = true;

      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (first) { // the caller's thread reads the first chunk itself
          first = false;
          int n = dst.remaining();
          dst.put(data, 0, n);
          return n;
        }
        reading.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          throw new InterruptedIOException("reader stopped");
        }
        return -1;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    Thread caller = Thread.currentThread();
    Thread interrupter = Thread.ofPlatform().start(() -> {
      try {
        reading.await();
      } catch (InterruptedException e) {
        return;
      }
      caller.interrupt();
    });
    try {
      assertThatThrownBy(() -> Verifier.read(stalls, data.length, Sha256.of(data)))
          .isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
      interrupter.join();
    }
  }
}
