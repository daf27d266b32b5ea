package dev.sectools.internal.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a channel into a memory segment on a virtual thread, ahead of one consumer that waits for
 * the bytes with {@link #awaitBeyond(long)}: reading overlaps whatever the consumer does with
 * the bytes already there (hashing). The reader writes each byte once, straight from the channel,
 * and never writes a byte the consumer has been told of again. Once the segment is full it reads
 * once more, to find out whether the channel held more bytes than the segment.
 *
 * <p>The channel and the segment must stay open until {@link #close()} returns.
 */
final class ReadAhead implements AutoCloseable {
  /** Bytes asked for per read: the consumer can start on the first ones this soon. */
  static final int READ_BYTES = 256 * 1024;

  private final ReadableByteChannel channel;
  private final MemorySegment target;
  private final Thread consumer;
  private final Thread reader;
  private volatile long filled;
  private volatile boolean ended;
  private volatile boolean overflowed;
  private volatile Exception failure;

  /** Starts reading {@code channel} into {@code target}, for the calling thread to consume. */
  ReadAhead(ReadableByteChannel channel, MemorySegment target) {
    this.channel = channel;
    this.target = target;
    this.consumer = Thread.currentThread();
    this.reader = Thread.ofVirtual().name("sectools-cache-read").start(this::run);
  }

  private void run() {
    try {
      long at = 0;
      long size = target.byteSize();
      while (at < size && !Thread.currentThread().isInterrupted()) {
        int n = channel.read(target.asSlice(at, Math.min(READ_BYTES, size - at)).asByteBuffer());
        if (n < 0) {
          break;
        }
        at += n;
        filled = at;
        LockSupport.unpark(consumer);
      }
      if (at == size) {
        overflowed = hasMore(channel);
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    } finally {
      ended = true;
      LockSupport.unpark(consumer);
    }
  }

  /** Reads everything there is into {@code target} on the calling thread; the bytes read. */
  static long fill(ReadableByteChannel channel, MemorySegment target) throws IOException {
    long at = 0;
    long size = target.byteSize();
    while (at < size) {
      int n = channel.read(target.asSlice(at, Math.min(READ_BYTES, size - at)).asByteBuffer());
      if (n < 0) {
        break;
      }
      at += n;
    }
    return at;
  }

  /** Whether {@code channel} has at least one more byte (read and dropped). */
  static boolean hasMore(ReadableByteChannel channel) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    int n;
    do {
      n = channel.read(one);
    } while (n == 0);
    return n > 0;
  }

  /**
   * Waits until more than {@code consumed} bytes are in the segment, or reading has ended; returns
   * how many bytes are there. Equal to {@code consumed} means the end: then
   * {@link #overflowed()} tells whether the channel held more than the segment.
   *
   * @throws IOException if reading failed
   * @throws InterruptedIOException if the consumer is interrupted while it waits
   */
  long awaitBeyond(long consumed) throws IOException {
    while (true) {
      boolean end = ended; // read before filled: once ended, filled is final
      long now = filled;
      if (now > consumed) {
        return now;
      }
      if (end) {
        Exception e = failure;
        if (e instanceof IOException io) {
          throw io;
        }
        if (e != null) {
          throw (RuntimeException) e;
        }
        return now;
      }
      LockSupport.park(this);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading a cache entry");
      }
    }
  }

  /** Whether the channel held bytes beyond the segment; meaningful once reading has ended. */
  boolean overflowed() {
    return overflowed;
  }

  /**
   * Stops the reader if it still runs and waits for it, even if interrupted (the interrupt is
   * kept): no read into the segment may still be running when the caller frees it.
   */
  @Override
  public void close() {
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
