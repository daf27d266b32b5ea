package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OffHeapCopyTest {
  /** A size that gets a mapping of its own on Linux. */
  private static final int MAPPED_BYTES = 512 * 1024;

  private static OffHeapCopy copyOf(byte[] data) {
    OffHeapCopy copy = OffHeapCopy.allocate(data.length);
    MemorySegment.copy(MemorySegment.ofArray(data), 0, copy.segment(), 0, data.length);
    return copy;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void streams_everyWayOfReading_sameBytes() throws IOException {
    for (int n : new int[] {0, 1, 70_000, 2 * 1024 * 1024 + 1}) {
      byte[] data = bytes(n);
      OffHeapCopy copy = copyOf(data);
      assertThat(copy.size()).isEqualTo(n);
      assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(copy.newInputStream().transferTo(out)).isEqualTo(n);
      assertThat(out.toByteArray()).isEqualTo(data);
      try (InputStream in = copy.newInputStream()) {
        assertThat(in.skip(n / 2)).isEqualTo(n / 2);
        assertThat(in.available()).isEqualTo(n - n / 2);
        byte[] rest = new byte[n - n / 2];
        assertThat(in.readNBytes(rest, 0, rest.length)).isEqualTo(rest.length);
        assertThat(rest).isEqualTo(Arrays.copyOfRange(data, n / 2, n));
        assertThat(in.read()).isEqualTo(-1);
      }
      copy.release();
    }
  }

  @Test
  void transferToChannel_viewsOfTheCopy_sameBytesAndUnusableAfterTheCall() throws IOException {
    byte[] data = bytes(MAPPED_BYTES + 5);
    OffHeapCopy copy = copyOf(data);
    List<ByteBuffer> kept = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = copy.transferTo(new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) {
        kept.add(src);
        int k = Math.min(src.remaining(), 100_000); // partial writes, as a socket may make
        byte[] b = new byte[k];
        src.get(b);
        out.write(b, 0, k);
        return k;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    });
    assertThat(n).isEqualTo(data.length);
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(kept.get(0).isReadOnly()).isTrue();
    assertThatThrownBy(() -> kept.get(0).get(0)).as("the view dies with the call").isInstanceOf(IllegalStateException.class);
    copy.release();
    assertThatThrownBy(() -> copy.transferTo(Channels.newChannel(OutputStream.nullOutputStream())))
        .isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void read_afterRelease_throwsClosedForEveryMethod() throws IOException {
    OffHeapCopy copy = copyOf(bytes(MAPPED_BYTES));
    InputStream in = copy.newInputStream();
    assertThat(in.read()).isNotNegative();
    copy.release();
    copy.release(); // idempotent
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
        .isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> in.skip(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> copy.newInputStream().read()).isInstanceOf(IOException.class);
    assertThat(in.available()).isZero();
  }

  /**
   * Another thread releases the copy while this one copies out of it, again and again: every
   * read either returns the right bytes or throws, and the JVM never touches freed memory.
   */
  @Test
  void release_duringTransfer_rightBytesOrClosedNeverOthers() throws Exception {
    byte[] data = bytes(4 * 1024 * 1024);
    for (int round = 0; round < 20; round++) {
      OffHeapCopy copy = copyOf(data);
      CountDownLatch started = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = Thread.ofPlatform().start(() -> {
        try (InputStream in = copy.newInputStream()) {
          started.countDown();
          in.transferTo(new OutputStream() {
            @Override
            public void write(int b) {
              out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              out.write(b, off, len);
            }
          });
        } catch (IOException | RuntimeException e) {
          failure.set(e);
        }
      });
      started.await();
      copy.release();
      reader.join();
      byte[] got = out.toByteArray();
      assertThat(got).isEqualTo(Arrays.copyOf(data, got.length));
      if (failure.get() != null) {
        assertThat(failure.get()).isInstanceOf(IOException.class).hasMessageContaining("closed");
      } else {
        assertThat(got).hasSize(data.length);
      }
    }
  }
}
