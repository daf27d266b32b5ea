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
 * decryption: the consumer takes whole chunks, each a fresh array that nobody else holds. The
 * channel is the one descriptor everything is read from. Not thread-safe: one consumer.
 */
final class Prefetcher implements AutoCloseable {
  private static final int QUEUE_CHUNKS = 4;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private final Thread reader;
  private boolean ended;

  /**
   * Starts reading at most {@code limit} bytes of {@code channel}, in chunks of
   * {@code chunkBytes}. The channel must stay open until {@link #close()} returns.
   */
  Prefetcher(ReadableByteChannel channel, long limit, int chunkBytes) {
    this.reader = Thread.ofVirtual().name("sectools-cache-read").start(() -> run(channel, limit, chunkBytes));
  }

  private void run(ReadableByteChannel channel, long limit, int chunkBytes) {
    try {
      long left = limit;
      while (left > 0) {
        byte[] chunk = new byte[(int) Math.min(chunkBytes, left)];
        int n = fill(channel, chunk);
        if (n > 0) {
          queue.put(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
          left -= n;
        }
        if (n < chunk.length) {
          break;
        }
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      try {
        queue.put(e);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reads until {@code chunk} is full or the channel ends; returns the bytes read. */
  static int fill(ReadableByteChannel channel, byte[] chunk) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(chunk);
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        break;
      }
    }
    return buf.position();
  }

  /** The next chunk, or {@code null} at the end. */
  byte[] next() throws IOException {
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
    if (o instanceof IOException e) {
      ended = true;
      throw e;
    }
    if (o instanceof RuntimeException e) {
      ended = true;
      throw e;
    }
    return (byte[]) o;
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
    reader.interrupt();
    queue.clear();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping a cache read");
    }
  }
}
