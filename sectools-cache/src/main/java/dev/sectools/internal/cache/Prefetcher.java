package dev.sectools.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a channel ahead of its consumer on a virtual thread, so reading overlaps hashing or
 * decryption: the consumer takes whole chunks, each an array that nobody else holds until the
 * consumer {@linkplain #recycle gives it back}. The channel is the one descriptor everything is
 * read from.
 *
 * <p>The consumer's first {@link #next()} reads the first chunk on the consumer's own thread and
 * only then starts the reader for the rest: waking a second thread costs more than reading a
 * first chunk, and an entry of one chunk needs no second thread at all. Not thread-safe: one
 * consumer.
 */
final class Prefetcher implements AutoCloseable {
  private static final int QUEUE_CHUNKS = 4;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private final ReadableByteChannel channel;
  private final ChunkPool pool;
  private final long limit;
  private Thread reader;
  private boolean started;
  private boolean ended;
  private Throwable failure;

  /**
   * Reads at most {@code limit} bytes of {@code channel}, in chunks of {@code chunkBytes}, from
   * the first {@link #next()} on. The channel must stay open until {@link #close()} returns.
   */
  Prefetcher(ReadableByteChannel channel, long limit, int chunkBytes) {
    this(channel, limit, new ChunkPool(chunkBytes, QUEUE_CHUNKS + 2));
  }

  /** As {@link #Prefetcher(ReadableByteChannel, long, int)}, with arrays from {@code pool}. */
  Prefetcher(ReadableByteChannel channel, long limit, ChunkPool pool) {
    this.channel = channel;
    this.limit = limit;
    this.pool = pool;
  }

  /** Reads one chunk of at most {@code left} bytes: a full one, a shorter copy at the end, or END. */
  private byte[] readChunk(long left) throws IOException {
    int want = (int) Math.min(pool.chunkBytes(), left);
    byte[] chunk = want == pool.chunkBytes() ? pool.take() : new byte[want];
    int n = fill(channel, chunk, want);
    if (n == pool.chunkBytes()) {
      return chunk;
    }
    byte[] tail = n == 0 ? END : java.util.Arrays.copyOf(chunk, n);
    pool.give(chunk);
    return tail;
  }

  private void run(long left) {
    try {
      while (left > 0) {
        byte[] chunk = readChunk(left);
        if (chunk == END) {
          break;
        }
        queue.put(chunk);
        left -= chunk.length;
        if (chunk.length < pool.chunkBytes()) {
          break;
        }
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) { // Errors too: a consumer waiting for a chunk would wait for ever
      try {
        queue.put(e);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads until {@code length} bytes of {@code chunk} are filled or the channel ends. */
  private static int fill(ReadableByteChannel channel, byte[] chunk, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(chunk, 0, length);
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        break;
      }
    }
    return buf.position();
  }

  /**
   * The first chunk, read here; starts the reader if there is more to read. Whatever happens,
   * the calls after it go to the reader, or find the end.
   */
  private byte[] first() throws IOException {
    started = true;
    ended = true;
    if (limit <= 0) {
      return null;
    }
    byte[] chunk;
    try {
      chunk = readChunk(limit);
    } catch (Throwable e) { // rethrown as it is
      failure = e;
      throw e;
    }
    if (chunk == END) {
      return null;
    }
    if (chunk.length == pool.chunkBytes() && limit > chunk.length) {
      long rest = limit - chunk.length;
      reader = Thread.ofVirtual().name("sectools-cache-read").start(() -> run(rest));
      ended = false;
    }
    return chunk;
  }

  /** The next chunk, or {@code null} at the end; once reading failed, that failure again. */
  byte[] next() throws IOException {
    if (!started) {
      return first();
    }
    if (failure != null) {
      throw ReadAhead.rethrown(failure);
    }
    if (ended) {
      return null;
    }
    Object o;
    try {
      o = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a cache entry");
    }
    if (o == END) {
      ended = true;
      return null;
    }
    if (o instanceof Throwable t) {
      failure = t;
      throw ReadAhead.rethrown(t);
    }
    return (byte[]) o;
  }

  /**
   * Gives back a chunk {@link #next()} returned, once the consumer is done with it, for the reader
   * to fill again instead of allocating a new one. The consumer must not touch it afterwards.
   */
  void recycle(byte[] chunk) {
    pool.give(chunk);
  }

  /** An input stream over the chunks, for consumers that pull (Tink's decrypting stream). */
  InputStream asInputStream() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int offset;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        while (offset == current.length) {
          byte[] c = next();
          if (c == null) {
            return -1;
          }
          current = c;
          offset = 0;
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
      }
    };
  }

  /** Stops the reader (if it is still running) and waits for it, so the channel can be closed. */
  @Override
  public void close() throws InterruptedIOException {
    started = true;
    ended = true;
    if (reader == null) {
      return;
    }
    reader.interrupt();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping a cache read");
    } finally {
      for (Object o = queue.poll(); o != null; o = queue.poll()) {
        if (o instanceof byte[] chunk) {
          pool.give(chunk);
        }
      }
    }
  }
}
