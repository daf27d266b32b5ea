package dev.sectools.internal.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a channel into a memory segment, ahead of one consumer that hashes the bytes: each chunk
 * is read into a heap array of a small ring, copied from it into the segment, and only then
 * handed to the consumer, who hashes the array and gives it back. The consumer hashes exactly the
 * bytes the segment holds, since nobody writes an array between the copy and its return.
 *
 * <p>Why a heap array between the channel and the segment: the JDK's SHA-256 reads only heap
 * arrays, and hashing native memory makes it copy every byte through a 4 KiB array of its own
 * on the hashing thread (measured here: +13 % at 64 MiB). Reading into an array that stays in the
 * CPU cache and copying it into the segment costs less, and costs it on the reader's core.
 *
 * <p>The consumer's thread reads the first chunk itself, then starts a virtual thread for the
 * rest, which it hashes as the reader hands it over: waking a second thread costs more than
 * reading a first chunk, so hashing starts sooner. An entry that fits in the first chunk is read
 * by the consumer alone. Once the segment is full, one more byte is read, to find out whether the
 * channel held more than the segment. The channel and the segment must stay open until
 * {@link #close()} returns. One consumer; not thread-safe otherwise.
 */
final class ReadAhead implements AutoCloseable {
  /** Bytes per chunk: a ring of them stays in the CPU's cache, and one {@code pread} fills one. */
  static final int CHUNK_BYTES = 256 * 1024;
  private static final int RING_CHUNKS = 4;
  private static final Object END = new Object();

  /** A chunk of the entry, read into {@code bytes}, of which the first {@code length} are valid. */
  record Chunk(byte[] bytes, int length) {}

  private final ReadableByteChannel channel;
  private final MemorySegment target;
  private final int chunkBytes;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(RING_CHUNKS);
  private final BlockingQueue<Object> filled = new ArrayBlockingQueue<>(RING_CHUNKS + 2);
  private int allocated;
  private long at;
  private volatile boolean overflowed;
  private Chunk first;
  private boolean ended;
  private Thread reader;

  private ReadAhead(ReadableByteChannel channel, MemorySegment target) {
    this.channel = channel;
    this.target = target;
    this.chunkBytes = (int) Math.min(CHUNK_BYTES, target.byteSize() + 1);
  }

  /**
   * Reads the first chunk of {@code channel} into {@code target} on the calling thread, and
   * starts reading the rest on a virtual thread if there is more.
   */
  static ReadAhead start(ReadableByteChannel channel, MemorySegment target) throws IOException {
    ReadAhead ahead = new ReadAhead(channel, target);
    byte[] b = ahead.newChunk();
    int[] kept = new int[1];
    boolean more = ahead.step(b, kept);
    ahead.first = kept[0] > 0 ? new Chunk(b, kept[0]) : null;
    if (more) {
      ahead.reader = Thread.ofVirtual().name("sectools-cache-read").start(ahead::run);
    } else {
      ahead.filled.add(END);
    }
    return ahead;
  }

  private byte[] newChunk() {
    allocated++;
    return new byte[chunkBytes];
  }

  /**
   * Reads the next chunk into {@code b} and copies what belongs to the segment into it; the
   * bytes kept go to {@code kept[0]}. Returns whether there may be more to read.
   */
  private boolean step(byte[] b, int[] kept) throws IOException {
    long size = target.byteSize();
    int want = (int) Math.min(b.length, size + 1 - at);
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

  private void run() {
    try {
      int[] kept = new int[1];
      boolean more = true;
      while (more) {
        byte[] b = free.poll();
        if (b == null) {
          b = allocated < RING_CHUNKS ? newChunk() : free.take();
        }
        more = step(b, kept);
        if (kept[0] > 0) {
          filled.put(new Chunk(b, kept[0]));
        } else {
          free.put(b);
        }
      }
      filled.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the consumer stopped: nobody waits for more
    } catch (IOException | RuntimeException e) {
      filled.add(e); // there is room: at most RING_CHUNKS chunks are out at a time
    }
  }

  /**
   * The next chunk, or {@code null} at the end; give its array back with {@link #recycle}.
   *
   * @throws IOException if reading failed
   * @throws InterruptedIOException if the consumer is interrupted while it waits
   */
  Chunk next() throws IOException {
    if (first != null) {
      Chunk c = first;
      first = null;
      return c;
    }
    if (ended) {
      return null;
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
    if (o instanceof IOException e) {
      ended = true;
      throw e;
    }
    if (o instanceof RuntimeException e) {
      ended = true;
      throw e;
    }
    return (Chunk) o;
  }

  /** Gives a chunk's array back to the reader, once its bytes are consumed. */
  void recycle(byte[] chunk) {
    free.add(chunk); // there is room: the ring holds every array there is
  }

  /** Whether the channel held bytes beyond the segment; meaningful once {@link #next()} returned null. */
  boolean overflowed() {
    return overflowed;
  }

  /**
   * Stops the reader if it still runs and waits for it, even if interrupted (the interrupt is
   * kept): no write into the segment may still be running when the caller frees it.
   */
  @Override
  public void close() {
    if (reader == null) {
      return;
    }
    reader.interrupt();
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
}
