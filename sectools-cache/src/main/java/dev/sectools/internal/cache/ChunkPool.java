package dev.sectools.internal.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Heap arrays of one size, given back after use and handed out again, so that reading an entry
 * does not allocate (and the JVM zero) a new array per chunk. Arrays come back with the bytes of
 * whatever they last held; a reader overwrites what it uses and looks at nothing else. Holds at
 * most {@code capacity} arrays; thread-safe.
 */
final class ChunkPool {
  private final int chunkBytes;
  private final BlockingQueue<byte[]> free;

  /** A pool of arrays of {@code chunkBytes}, keeping at most {@code capacity} of them. */
  ChunkPool(int chunkBytes, int capacity) {
    this.chunkBytes = chunkBytes;
    this.free = new ArrayBlockingQueue<>(capacity);
  }

  /** The size of this pool's arrays. */
  int chunkBytes() {
    return chunkBytes;
  }

  /** An array of {@link #chunkBytes()}: a given-back one if there is one, else a new one. */
  byte[] take() {
    byte[] b = free.poll();
    return b != null ? b : new byte[chunkBytes];
  }

  /**
   * Gives back {@code chunk}, which the caller must not touch afterwards; whether the pool kept it
   * (arrays of another size, or beyond the capacity, are left to the garbage collector).
   */
  boolean give(byte[] chunk) {
    return chunk.length == chunkBytes && free.offer(chunk);
  }
}
