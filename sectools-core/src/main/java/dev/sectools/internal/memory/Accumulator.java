package dev.sectools.internal.memory;

import dev.sectools.memory.MemoryPolicy;
import java.lang.foreign.MemorySegment;

/**
 * Secure memory that grows while bytes of unknown count arrive. Growing copies from native
 * memory to native memory and wipes the old memory; nothing passes through the heap.
 *
 * <p>Not thread-safe.
 */
public final class Accumulator implements AutoCloseable {
  private final MemoryPolicy policy;
  private final int maxCapacity;
  private Allocation memory;
  private int length;

  /**
   * Starts with room for {@code initialCapacity} bytes, never growing past {@code maxCapacity}.
   */
  public Accumulator(int initialCapacity, int maxCapacity, MemoryPolicy policy) {
    this.policy = policy;
    this.maxCapacity = maxCapacity;
    this.memory = SecureMemory.allocate(Math.min(initialCapacity, maxCapacity), policy);
  }

  /** The bytes gathered so far. */
  public int length() {
    return length;
  }

  /**
   * The free room after the bytes gathered so far, grown if there is none: at least one byte
   * unless {@code maxCapacity} bytes are gathered already (then empty).
   */
  public MemorySegment room() {
    long capacity = memory.data().byteSize();
    if (length == capacity && capacity < maxCapacity) {
      int grown = (int) Math.min(maxCapacity, Math.max(capacity * 2, capacity + 64));
      Allocation bigger = SecureMemory.allocate(grown, policy);
      MemorySegment.copy(memory.data(), 0, bigger.data(), 0, length);
      Allocation old = memory;
      memory = bigger;
      release(old);
    }
    return memory.data().asSlice(length, Math.min(memory.data().byteSize(), maxCapacity) - length);
  }

  /** Counts {@code n} more bytes written into {@link #room()}. */
  public void advance(int n) {
    length += n;
  }

  /** Hands the memory over; this accumulator is then empty and closing it does nothing. */
  public Allocation take() {
    Allocation taken = memory;
    memory = null;
    return taken;
  }

  /** Wipes and frees the memory unless it was taken. */
  @Override
  public void close() {
    if (memory != null) {
      Allocation old = memory;
      memory = null;
      release(old);
    }
  }

  private static void release(Allocation allocation) {
    if (!allocation.release()) {
      throw new dev.sectools.memory.MemoryCorruptionError(
          "secure memory was corrupted: the canary beside a buffer being read into was overwritten");
    }
  }
}
