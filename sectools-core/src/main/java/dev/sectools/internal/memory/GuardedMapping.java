package dev.sectools.internal.memory;

import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.memory.MemoryPolicy;
import java.lang.foreign.MemorySegment;

/**
 * An anonymous private mapping laid out as {@code [guard page][data pages][guard page]}: the
 * guard pages are {@code PROT_NONE}, so any access that runs off either end of the data faults
 * at once. The whole mapping is {@code MADV_DONTDUMP} (left out of core dumps), the data is
 * {@code MADV_WIPEONFORK} where the kernel offers it and {@code mlock}ed as the policy allows.
 */
final class GuardedMapping {
  private final MemorySegment whole;
  private final MemorySegment data;
  private final boolean locked;

  private GuardedMapping(MemorySegment whole, MemorySegment data, boolean locked) {
    this.whole = whole;
    this.data = data;
    this.locked = locked;
  }

  /**
   * Maps {@code dataBytes} (a positive multiple of the page size) between two guard pages.
   *
   * @throws dev.sectools.memory.MemoryLockException if locking fails under
   *     {@link MemoryPolicy#REQUIRE_LOCKED}
   * @throws OutOfMemoryError if the kernel has no memory or address space to give
   */
  static GuardedMapping map(long dataBytes, MemoryPolicy policy) {
    long page = NativeMemory.pageSize();
    MemorySegment whole;
    try {
      whole = NativeMemory.mmapAnonymous(dataBytes + 2 * page, NativeMemory.PROT_NONE);
    } catch (ErrnoException e) {
      throw new OutOfMemoryError("secure memory: " + e.getMessage());
    }
    MemorySegment data = whole.asSlice(page, dataBytes);
    boolean locked = false;
    try {
      NativeMemory.mprotect(data, NativeMemory.PROT_READ | NativeMemory.PROT_WRITE);
      NativeMemory.madvise(whole, NativeMemory.MADV_DONTDUMP);
      try {
        NativeMemory.madvise(data, NativeMemory.MADV_WIPEONFORK);
      } catch (ErrnoException e) {
        // Linux < 4.14: a forked child keeps a copy, as it keeps the rest of the heap.
      }
      locked = lock(data, policy);
      return new GuardedMapping(whole, data, locked);
    } catch (ErrnoException e) {
      unmapQuietly(whole);
      throw new IllegalStateException("secure memory: could not protect a new mapping: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      unmapQuietly(whole);
      throw e;
    }
  }

  // Cached mappings of freed buffers hold locked pages: give them back and try once more.
  private static boolean lock(MemorySegment data, MemoryPolicy policy) throws ErrnoException {
    try {
      NativeMemory.mlock(data);
      return true;
    } catch (ErrnoException first) {
      if (MappingCache.drain()) {
        try {
          NativeMemory.mlock(data);
          return true;
        } catch (ErrnoException again) {
          // reported below
        }
      }
      LockFailures.failed(policy, data.byteSize(), LockFailures.describe(first));
      return false;
    }
  }

  /** The read-write pages between the guards. */
  MemorySegment data() {
    return data;
  }

  /** Whether the data pages are locked in RAM. */
  boolean isLocked() {
    return locked;
  }

  /** Zeroes the data and unmaps everything (which also unlocks it). */
  void unmap() {
    data.fill((byte) 0);
    unmapQuietly(whole);
  }

  private static void unmapQuietly(MemorySegment whole) {
    try {
      NativeMemory.munmap(whole);
    } catch (ErrnoException e) {
      // munmap of a range we mapped cannot fail short of a kernel bug; the pages are zeroed.
    }
  }
}
