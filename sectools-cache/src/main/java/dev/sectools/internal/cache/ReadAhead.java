package dev.sectools.internal.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a channel into a memory segment, ahead of one consumer that hashes the bytes: each chunk
 * is read into a heap array, copied from it into the segment, and only then handed to the
 * consumer, who hashes the array and gives it back. The consumer hashes exactly the bytes the
 * segment holds, since nobody writes an array between the copy and its return.
 *
 * <p>Why a heap array between the channel and the segment: the JDK's SHA-256 reads only heap
 * arrays, and hashing native memory makes it copy every byte through a 4 KiB array of its own
 * on the hashing thread (measured here: +13 % at 64 MiB). Reading into an array that stays in the
 * CPU cache and copying it into the segment costs less, and costs it on the reader's core.
 *
 * <p>Who reads: {@link #start} starts a virtual thread for the reading, then the consumer reads
 * small chunks ({@value #INLINE_BYTES} bytes) itself, hashing each before it reads the next,
 * until that thread has begun to run; from then on the thread reads ahead, in chunks that grow
 * from {@value #INLINE_BYTES} to {@value #CHUNK_BYTES} bytes, through a ring of
 * {@value #RING_CHUNKS} arrays. Hashing so starts after one small read instead of after the
 * thread has been scheduled (60 to 100 µs on these virtual machines, whose idle cores sleep), and
 * if the thread is never scheduled the consumer simply reads everything. The two take turns
 * through one atomic state and never read at the same time, so the chunks reach the hash in the
 * file's order. The consumer never waits for its turn; the reader waits for its own only while
 * the consumer reads one small chunk (spinning, then parked, should the consumer itself park). A
 * reader that runs out of arrays waits until half the ring is back, so that a large entry costs
 * the consumer one wake-up per half ring, not one per chunk. An entry that fits in one small
 * chunk is read by the consumer alone. Once the segment is full, one more byte is read, to find
 * out whether the channel held more than the segment. The channel and the segment must stay open
 * until {@link #close()} returns. One consumer; not thread-safe otherwise.
 */
final class ReadAhead implements AutoCloseable {
  /** Bytes per chunk the reader thread reads, once its first chunks have grown to this. */
  static final int CHUNK_BYTES = 256 * 1024;
  /** Bytes per chunk the consumer reads itself, while the reader thread has not started. */
  static final int INLINE_BYTES = 64 * 1024;
  /** Arrays in the ring: enough that a 1 MiB entry never waits for one. */
  static final int RING_CHUNKS = 8;
  private static final Object END = new Object();
  private static final int IDLE = 0;
  private static final int CONSUMER = 1;
  private static final int READER = 2;
  private static final int FINISHED = 3;
  /** How long the reader spins for its turn before it parks until the consumer gives it back. */
  private static final long SPIN_NANOS = 50_000;

  /** A chunk of the entry, read into {@code bytes}, of which the first {@code length} are valid. */
  record Chunk(byte[] bytes, int length) {}

  private final ReadableByteChannel channel;
  private final MemorySegment target;
  /** Arrays the consumer gave back; guarded by itself, which the reader waits on when it has none. */
  private final ArrayDeque<byte[]> free = new ArrayDeque<>(RING_CHUNKS);
  private boolean readerWaits;
  /** Chunks read ahead, then {@code END} or the failure; lock-free, so neither side ever blocks the other. */
  private final LinkedTransferQueue<Object> filled = new LinkedTransferQueue<>();
  /** Whose turn it is to read ({@code IDLE}, {@code CONSUMER}, {@code READER}, {@code FINISHED}). */
  private final AtomicInteger turn = new AtomicInteger(IDLE);
  /** Whether the reader may be parked waiting for its turn; read after every turn given back. */
  private volatile boolean readerParks;
  /** The consumer's own: its array for small chunks, and whether it has left the reading to the thread. */
  private byte[] inline;
  private final int[] inlineKept = new int[1];
  private boolean handedOver;
  private boolean ended;
  /** The reader thread's own, once it runs: the arrays it took from the pool. */
  private final List<byte[]> taken = new ArrayList<>(RING_CHUNKS);
  private long at;
  private volatile boolean overflowed;
  private final Runnable alongside;
  private final ChunkPool pool;
  private Thread reader;

  private ReadAhead(ReadableByteChannel channel, MemorySegment target, Runnable alongside, ChunkPool pool) {
    this.channel = channel;
    this.target = target;
    this.alongside = alongside;
    this.pool = pool;
  }

  /**
   * Starts reading {@code channel} into {@code target}: on a virtual thread, unless the whole
   * entry fits in one of the consumer's small chunks.
   *
   * @param alongside work to run once the whole channel is read, where it costs the consumer
   *     nothing: on the reader thread after its last chunk, or on the consumer's thread if it read
   *     to the end itself; it has run by the time {@link #close()} returns, if reading ended
   *     without an error. It must not throw.
   * @param pool where the arrays come from, of at least {@value #CHUNK_BYTES} bytes; they go back
   *     to it when this closes, holding bytes of the entry
   */
  static ReadAhead start(ReadableByteChannel channel, MemorySegment target, Runnable alongside, ChunkPool pool) {
    if (pool.chunkBytes() < CHUNK_BYTES) {
      throw new IllegalArgumentException("the pool's arrays are smaller than a chunk: " + pool.chunkBytes());
    }
    ReadAhead ahead = new ReadAhead(channel, target, alongside, pool);
    if (target.byteSize() + 1 > INLINE_BYTES) {
      ahead.reader = Thread.ofVirtual().name("sectools-cache-read").start(ahead::run);
    }
    return ahead;
  }

  private byte[] newChunk() {
    byte[] b = pool.take();
    taken.add(b);
    return b;
  }

  /**
   * Reads the next chunk into {@code b} and copies what belongs to the segment into it; the
   * bytes kept go to {@code kept[0]}. Returns whether there may be more to read.
   */
  private boolean step(byte[] b, int limit, int[] kept) throws IOException {
    long size = target.byteSize();
    int want = (int) Math.min(Math.min(b.length, limit), size + 1 - at);
    int n = fill(channel, b, want);
    int keep = (int) Math.min(n, size - at);
    MemorySegment.copy(b, 0, target, ValueLayout.JAVA_BYTE, at, keep);
    at += keep;
    kept[0] = keep;
    if (n > keep) {
      overflowed = true;
      return false;
    }
    return n == want;
  }

  private static int fill(ReadableByteChannel channel, byte[] b, int want) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, 0, want);
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        break;
      }
    }
    return buf.position();
  }

  /**
   * Reads ahead. Whatever it throws reaches the consumer, {@link Error}s too: a consumer waiting
   * for a chunk that never comes would wait for ever.
   */
  private void run() {
    try {
      if (!claimTurn()) {
        return;
      }
      readAhead();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the consumer stopped: nobody waits for more
    } catch (Throwable e) { // handed to the consumer, who rethrows it
      filled.add(e);
    }
  }

  /**
   * Takes the turn from the consumer, who holds it only while it reads one small chunk; false if
   * the consumer read everything, or stopped. Spins for a few microseconds, then parks until the
   * consumer gives the turn back: a consumer that is itself a virtual thread and parks while it
   * reads leaves its carrier, which this thread may then hold, and virtual threads are never
   * preempted (with one carrier, a reader that only spun would wait for ever).
   */
  private boolean claimTurn() {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (!turn.compareAndSet(IDLE, READER)) {
      if (turn.get() == FINISHED || Thread.currentThread().isInterrupted()) {
        return false; // the consumer read it all, or has closed
      }
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
        continue;
      }
      readerParks = true; // then the turn is read again: a consumer that gives it back sees this
      if (turn.get() == CONSUMER) {
        LockSupport.park(this);
      }
      readerParks = false;
    }
    return true;
  }

  private void readAhead() throws IOException, InterruptedException {
    int[] kept = new int[1];
    boolean more = true;
    int limit = INLINE_BYTES; // grows to a whole chunk: the consumer waits for the first one
    while (more) {
      byte[] b = taken.size() < RING_CHUNKS ? newChunk() : takeFree();
      more = step(b, limit, kept);
      limit = Math.min(2 * limit, CHUNK_BYTES);
      if (kept[0] > 0) {
        filled.add(new Chunk(b, kept[0]));
      } else {
        recycle(b);
      }
    }
    filled.add(END);
    alongside.run();
  }

  /**
   * Reads the next small chunk on the consumer's thread if the reader has not started; returns
   * {@code null} once the reader has it, or the consumer has read to the end.
   */
  private Chunk readInline() throws IOException {
    if (inline == null) {
      inline = pool.take(); // before the turn, which must be held only while reading
    }
    if (!turn.compareAndSet(IDLE, CONSUMER)) {
      return null;
    }
    boolean more = false;
    try {
      more = step(inline, INLINE_BYTES, inlineKept);
    } finally {
      turn.set(more ? IDLE : FINISHED);
      if (readerParks) {
        LockSupport.unpark(reader);
      }
    }
    return inlineKept[0] > 0 ? new Chunk(inline, inlineKept[0]) : null;
  }

  /**
   * The next chunk, or {@code null} at the end; give its array back with {@link #recycle}.
   *
   * @throws IOException if reading failed
   * @throws InterruptedIOException if the consumer is interrupted while it waits
   */
  Chunk next() throws IOException {
    if (ended) {
      return null;
    }
    if (!handedOver) {
      Chunk c;
      try {
        c = readInline();
      } catch (Throwable e) { // rethrown as it is; the reader stops when this closes
        ended = true;
        throw e;
      }
      if (c != null) {
        return c;
      }
      handedOver = true;
      if (turn.get() == FINISHED) {
        ended = true;
        alongside.run();
        return null;
      }
    }
    Object o;
    try {
      o = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a cache entry");
    }
    if (o == END) {
      ended = true;
      return null;
    }
    if (o instanceof Throwable t) {
      ended = true;
      throw rethrown(t);
    }
    return (Chunk) o;
  }

  /** {@code t}, thrown on another thread, to be thrown again on this one. */
  static IOException rethrown(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return t instanceof IOException e ? e : new IOException(t);
  }

  /**
   * An array given back, waiting until half the ring is free if none is: a reader woken for
   * each array would cost the consumer a wake-up per chunk.
   */
  private byte[] takeFree() throws InterruptedException {
    synchronized (free) {
      while (free.isEmpty()) {
        readerWaits = true;
        free.wait();
      }
      return free.pop();
    }
  }

  /** Gives a chunk's array back to the reader, once its bytes are consumed. */
  void recycle(byte[] chunk) {
    if (chunk == inline) {
      return;
    }
    synchronized (free) {
      free.push(chunk);
      if (readerWaits && free.size() >= RING_CHUNKS / 2) {
        readerWaits = false;
        free.notifyAll();
      }
    }
  }

  /** Whether the channel held bytes beyond the segment; meaningful once {@link #next()} returned null. */
  boolean overflowed() {
    return overflowed;
  }

  /**
   * Stops the reader if it still runs and waits for it, even if interrupted (the interrupt is
   * kept): no write into the segment may still be running when the caller frees it. Then gives
   * every array back to the pool; the consumer must not touch one after this.
   */
  @Override
  public void close() {
    if (reader != null) {
      if (!ended) {
        reader.interrupt(); // after the end the reader only runs the work alongside: let it finish
      }
      boolean interrupted = false;
      while (true) {
        try {
          reader.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    for (byte[] b : taken) {
      pool.give(b);
    }
    taken.clear();
    if (inline != null) {
      pool.give(inline);
      inline = null;
    }
  }
}
