package dev.sectools.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Off-heap memory from the C allocator, for platforms without the Linux calls: no guard pages,
 * no lock, no core-dump exclusion; the canary and wiping still apply.
 */
final class UnguardedMemory implements Allocation.Owner {
  private final Arena arena;

  private UnguardedMemory(Arena arena) {
    this.arena = arena;
  }

  static Allocation allocate(long capacity) {
    Arena arena = Arena.ofShared();
    MemorySegment all = arena.allocate(capacity + Allocation.CANARY_BYTES, 16);
    return new Allocation(all.asSlice(0, capacity), all.asSlice(capacity, Allocation.CANARY_BYTES),
        new UnguardedMemory(arena), false, 0);
  }

  @Override
  public void release(Allocation allocation, boolean corrupted) {
    if (!corrupted) { // memory something wrote past must never be handed out again
      arena.close();
    }
  }
}
