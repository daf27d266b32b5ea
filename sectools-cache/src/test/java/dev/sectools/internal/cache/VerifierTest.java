package dev.sectools.internal.cache;

import static dev.sectools.internal.cache.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sectools.cache.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private static final int CHUNK = ReadAhead.CHUNK_BYTES;
  private static final ChunkPool POOL = new ChunkPool(CHUNK, 2 * ReadAhead.RING_CHUNKS);

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static OffHeapCopy read(byte[] stored, long size, Sha256 sha) throws Exception {
    return read(Channels.newChannel(new ByteArrayInputStream(stored)), size, sha);
  }

  private static OffHeapCopy read(ReadableByteChannel channel, long size, Sha256 sha) throws Exception {
    return Verifier.read(channel, size, sha, () -> { }, POOL);
  }

  @Test
  void read_exactContentSmallAndReadAhead_privateCopyEqual() throws Exception {
    int inline = ReadAhead.INLINE_BYTES;
    for (int n : new int[] {0, 10, inline - 1, inline, inline + 1, 3 * inline + 7, CHUNK - 1, CHUNK, CHUNK + 1,
        5 * CHUNK + 3, 8 * CHUNK, (3 * ReadAhead.RING_CHUNKS + 1) * CHUNK + 5}) {
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

  /**
   * Arrays come back to the pool holding an earlier entry's bytes; a read overwrites what it uses
   * of them and never lets the rest into the copy or the hash.
   */
  @Test
  void read_poolArraysHoldAnotherEntrysBytes_copyExact() throws Exception {
    ChunkPool stale = new ChunkPool(CHUNK, 2 * ReadAhead.RING_CHUNKS);
    for (int i = 0; i < 2 * ReadAhead.RING_CHUNKS; i++) {
      byte[] b = new byte[CHUNK];
      Arrays.fill(b, (byte) 0x5a);
      stale.give(b);
    }
    for (int n : new int[] {1, ReadAhead.INLINE_BYTES + 3, 2 * CHUNK + 1, 3 * 1024 * 1024 + 7}) {
      byte[] data = bytes(n);
      OffHeapCopy copy = Verifier.read(Channels.newChannel(new ByteArrayInputStream(data)), n, Sha256.of(data),
          () -> { }, stale);
      assertThat(copy.newInputStream().readAllBytes()).as("size %d", n).isEqualTo(data);
      copy.release();
    }
  }

  /**
   * The work passed alongside runs exactly once, before {@code read} returns or reports a
   * mismatch: whether the caller read the entry alone (small), or the reader thread read it.
   */
  @Test
  void read_workAlongside_runsOnceBeforeReturnOrMismatch() throws Exception {
    for (int n : new int[] {10, ReadAhead.INLINE_BYTES + 1, 3 * 1024 * 1024}) {
      byte[] data = bytes(n);
      AtomicInteger runs = new AtomicInteger();
      OffHeapCopy copy = Verifier.read(Channels.newChannel(new ByteArrayInputStream(data)), n, Sha256.of(data),
          runs::incrementAndGet, POOL);
      assertThat(runs).as("size %d", n).hasValue(1);
      copy.release();
      byte[] flipped = data.clone();
      flipped[n - 1] ^= 1;
      AtomicInteger mismatchRuns = new AtomicInteger();
      assertThatThrownBy(() -> Verifier.read(Channels.newChannel(new ByteArrayInputStream(flipped)), n,
          Sha256.of(data), mismatchRuns::incrementAndGet, POOL)).isInstanceOf(Verifier.Mismatch.class);
      assertThat(mismatchRuns).as("size %d, mismatch", n).hasValue(1);
    }
  }

  /**
   * With every carrier thread of the virtual-thread scheduler busy, the reader thread cannot
   * start: the caller reads the whole entry itself, in small chunks, and the copy is right. The
   * busy threads stop once the channel is read to its end, so the reader can then start, find
   * nothing left to read, and end.
   */
  @Test
  void read_readerThreadNeverScheduled_callerReadsTheWholeEntry() throws Exception {
    byte[] data = bytes(1024 * 1024 + 5);
    AtomicBoolean drained = new AtomicBoolean();
    Set<Thread> readers = ConcurrentHashMap.newKeySet();
    ReadableByteChannel source = Channels.newChannel(new ByteArrayInputStream(data));
    ReadableByteChannel watched = channel(dst -> {
      readers.add(Thread.currentThread());
      int n = source.read(dst);
      if (n < 0) {
        drained.set(true);
      }
      return n;
    });
    try (BusyCarriers busy = BusyCarriers.start(carriers(), drained, Duration.ofSeconds(20))) {
      OffHeapCopy copy = read(watched, data.length, Sha256.of(data));
      try {
        assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
        assertThat(readers).containsExactly(Thread.currentThread());
      } finally {
        copy.release();
      }
    }
  }

  /** The carrier threads of the virtual-thread scheduler. */
  private static int carriers() {
    return Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
  }

  /**
   * Virtual threads that keep carriers busy, spinning, until {@code stop} is set (on close at the
   * latest) or a deadline passes, so that a failure cannot hang the build.
   */
  private static final class BusyCarriers implements AutoCloseable {
    private final AtomicBoolean stop;
    private final List<Thread> spinners = new ArrayList<>();

    private BusyCarriers(AtomicBoolean stop) {
      this.stop = stop;
    }

    /** Keeps {@code count} carriers busy; returns once every spinner runs. */
    static BusyCarriers start(int count, AtomicBoolean stop, Duration deadline) throws InterruptedException {
      BusyCarriers busy = new BusyCarriers(stop);
      CountDownLatch running = new CountDownLatch(count);
      long end = System.nanoTime() + deadline.toNanos();
      for (int i = 0; i < count; i++) {
        busy.spinners.add(Thread.ofVirtual().start(() -> {
          running.countDown();
          while (!stop.get() && System.nanoTime() - end < 0) {
            Thread.onSpinWait();
          }
        }));
      }
      running.await();
      return busy;
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread t : spinners) {
        t.join();
      }
    }
  }

  /** An {@link Error} thrown by the test's channel, as an {@code OutOfMemoryError} would be. */
  private static final class Broken extends Error {
    private static final long serialVersionUID = 1;

    Broken() {
      super("the reader thread broke");
    }
  }

  /**
   * An {@link Error} on the reader thread (an {@code OutOfMemoryError} taking an array, say) must
   * reach the caller: before, the reader died and the caller waited for its next chunk for ever.
   */
  @Test
  void read_errorOnReaderThread_reachesCallerInsteadOfHanging() {
    byte[] data = bytes(4 * 1024 * 1024); // 64 of the caller's small reads: 320 ms for the reader to start
    ReadableByteChannel source = Channels.newChannel(new ByteArrayInputStream(data));
    ReadableByteChannel breaks = channel(dst -> {
      if (Thread.currentThread().getName().equals("sectools-cache-read")) {
        throw new Broken();
      }
      sleep(5); // the caller reads slowly: the reader thread surely starts
      return source.read(dst);
    });

    assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThatThrownBy(() -> read(breaks, data.length, Sha256.of(data))).isInstanceOf(Broken.class));
  }

  /**
   * A caller on a virtual thread that parks in the middle of its own small read (here a sleep;
   * in life, any lock it waits for) leaves its carrier. The reader thread that takes that carrier
   * waits for its turn, and must give the carrier back: with every other carrier busy (or with
   * one carrier in all), a reader that only spun would keep the caller from ever running again.
   */
  @Test
  void read_virtualCallerParksMidRead_readerGivesBackTheCarrier() throws Exception {
    byte[] data = bytes(1024 * 1024);
    ReadableByteChannel source = Channels.newChannel(new ByteArrayInputStream(data));
    AtomicBoolean first = new AtomicBoolean(true);
    ReadableByteChannel parks = channel(dst -> {
      if (first.getAndSet(false)) {
        sleep(50); // a virtual thread unmounts here, holding its turn to read
      }
      return source.read(dst);
    });
    // every carrier but one
    try (BusyCarriers busy = BusyCarriers.start(carriers() - 1, new AtomicBoolean(), Duration.ofSeconds(30))) {
      CompletableFuture<byte[]> got = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          OffHeapCopy copy = read(parks, data.length, Sha256.of(data));
          got.complete(copy.newInputStream().readAllBytes());
          copy.release();
        } catch (Throwable e) {
          got.completeExceptionally(e);
        }
      });

      assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo(data);
    }
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
  }

  @Test
  void read_channelFailsMidway_failureReported() {
    byte[] data = bytes(4 * ReadAhead.CHUNK_BYTES);
    AtomicInteger reads = new AtomicInteger();
    ReadableByteChannel failing = channel(dst -> {
      if (reads.incrementAndGet() == 3) {
        throw new IOException("disk gone");
      }
      int n = Math.min(dst.remaining(), 1000);
      dst.put(data, 0, n);
      return n;
    });
    assertThatThrownBy(() -> read(failing, data.length, Sha256.of(data)))
        .isInstanceOf(IOException.class).hasMessage("disk gone");
  }

  @Test
  void read_callerInterruptedWhileWaitingForReader_stopsReaderAndKeepsInterrupt() throws Exception {
    byte[] data = bytes(2 * CHUNK);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    ReadableByteChannel stalls = channel(dst -> {
      if (first.getAndSet(false)) { // the caller's thread reads the first chunk itself
        int n = dst.remaining();
        dst.put(data, 0, n);
        return n;
      }
      reading.countDown(); // on the caller's thread, or on the reader's once it has taken over
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("read interrupted");
      }
      return -1;
    });
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
      assertThatThrownBy(() -> read(stalls, data.length, Sha256.of(data)))
          .isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
      interrupter.join();
    }
  }
}
