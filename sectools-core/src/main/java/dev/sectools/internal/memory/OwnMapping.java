package dev.sectools.internal.memory;

import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.memory.MemoryPolicy;

/**
 * A large allocation with a {@link GuardedMapping} of its own (new, or zeroed from the
 * {@link MappingCache}). The bytes end exactly where the
 * trailing guard page begins, so a write one byte past the end faults; the canary sits just
 * before the first byte, to catch a write before the start.
 */
final class OwnMapping implements Allocation.Owner {
  private final GuardedMapping mapping;
  private final int pages;

  private OwnMapping(GuardedMapping mapping, int pages) {
    this.mapping = mapping;
    this.pages = pages;
  }

  static Allocation allocate(long capacity, MemoryPolicy policy) {
    long page = NativeMemory.pageSize();
    long dataBytes = (capacity + Allocation.CANARY_BYTES + page - 1) & -page;
    int pages = (int) Math.min(Integer.MAX_VALUE, dataBytes / page);
    GuardedMapping mapping = MappingCache.take(pages, policy);
    if (mapping == null) {
      mapping = GuardedMapping.map(dataBytes, policy);
    }
    long start = dataBytes - capacity;
    return new Allocation(mapping.data().asSlice(start, capacity),
        mapping.data().asSlice(start - Allocation.CANARY_BYTES, Allocation.CANARY_BYTES),
        new OwnMapping(mapping, pages), mapping.isLocked(), 0);
  }

  @Override
  public void release(Allocation allocation, boolean corrupted) {
    mapping.data().fill((byte) 0); // the canary too
    if (corrupted || !MappingCache.offer(mapping, pages)) { // a corrupted mapping is never reused
      mapping.unmap();
    }
  }
}
