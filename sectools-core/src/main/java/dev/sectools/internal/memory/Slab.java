package dev.sectools.internal.memory;

import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.memory.MemoryPolicy;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Small allocations share locked pages, so that thousands of small secrets fit in a small
 * {@code RLIMIT_MEMLOCK} (often 64 KiB, 8 MiB here): {@code mlock} counts whole pages, and a page
 * per 32-byte key would exhaust 64 KiB after sixteen keys.
 *
 * <p>Slots come in sizes of 16-byte steps up to {@value #MAX_SLOT_BYTES} bytes, each with its own
 * chunks of {@value #CHUNK_PAGES} pages between guard pages. A slot holds the caller's bytes and
 * then the 8-byte canary, so an overflow into the next slot is found when the buffer is closed,
 * and an overflow off the end of the chunk faults on the guard page. Chunks that could not be
 * locked are used only under {@link MemoryPolicy#BEST_EFFORT}. One empty chunk per size is kept
 * for reuse; further empty chunks are unmapped.
 *
 * <p>Thread-safe: each size has its own lock.
 */
final class Slab {
  /** The largest slot, canary included; bigger allocations get a mapping of their own. */
  static final int MAX_SLOT_BYTES = 1024;
  static final int CHUNK_PAGES = 4;
  private static final int GRANULE = 16;

  static final Slab INSTANCE = new Slab();

  private final SizeClass[] sizes = new SizeClass[MAX_SLOT_BYTES / GRANULE];

  private Slab() {
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = new SizeClass((i + 1) * GRANULE);
    }
  }

  /** Whether an allocation of {@code capacity} bytes is served from the slab. */
  static boolean fits(long capacity) {
    return capacity + Allocation.CANARY_BYTES <= MAX_SLOT_BYTES;
  }

  Allocation allocate(int capacity, MemoryPolicy policy) {
    int slot = (capacity + Allocation.CANARY_BYTES + GRANULE - 1) / GRANULE;
    return sizes[slot - 1].allocate(policy);
  }

  /** The slots of one size, in chunks with free slots (locked and unlocked kept apart). */
  private static final class SizeClass {
    private final int slotBytes;
    private final ArrayDeque<Chunk> lockedWithRoom = new ArrayDeque<>();
    private final ArrayDeque<Chunk> unlockedWithRoom = new ArrayDeque<>();
    private Chunk spare; // one empty chunk kept for reuse

    SizeClass(int slotBytes) {
      this.slotBytes = slotBytes;
    }

    synchronized Allocation allocate(MemoryPolicy policy) {
      Chunk chunk = lockedWithRoom.peekFirst();
      if (chunk == null && policy == MemoryPolicy.BEST_EFFORT) {
        chunk = unlockedWithRoom.peekFirst();
      }
      if (chunk == null) {
        chunk = newChunk(policy);
      }
      int index = chunk.take();
      if (chunk == spare) {
        spare = null;
      }
      if (chunk.isFull()) {
        room(chunk).remove(chunk);
      }
      long at = (long) index * slotBytes;
      int capacity = slotBytes - Allocation.CANARY_BYTES;
      MemorySegment data = chunk.mapping.data();
      return new Allocation(data.asSlice(at, capacity), data.asSlice(at + capacity, Allocation.CANARY_BYTES),
          chunk, chunk.mapping.isLocked(), index);
    }

    private Chunk newChunk(MemoryPolicy policy) {
      Chunk chunk = new Chunk(this, GuardedMapping.map(CHUNK_PAGES * NativeMemory.pageSize(), policy), slotBytes);
      room(chunk).addFirst(chunk);
      return chunk;
    }

    private ArrayDeque<Chunk> room(Chunk chunk) {
      return chunk.mapping.isLocked() ? lockedWithRoom : unlockedWithRoom;
    }

    synchronized void release(Chunk chunk, int index, boolean corrupted) {
      boolean wasFull = chunk.isFull();
      if (corrupted) {
        chunk.retire(); // zeroed, never handed out again
      } else {
        chunk.give(index);
      }
      if (wasFull && !chunk.isFull()) {
        room(chunk).addLast(chunk);
      }
      if (chunk.isEmpty() && chunk != spare) {
        if (spare == null) {
          spare = chunk;
        } else {
          room(chunk).remove(chunk);
          chunk.mapping.unmap();
        }
      }
    }
  }

  /** One guarded mapping cut into equal slots, with a stack of free slot indices. */
  private static final class Chunk implements Allocation.Owner {
    final GuardedMapping mapping;
    private final SizeClass size;
    private final int[] free;
    private int freeCount;
    private int retired;

    Chunk(SizeClass size, GuardedMapping mapping, int slotBytes) {
      this.size = size;
      this.mapping = mapping;
      int slots = (int) (mapping.data().byteSize() / slotBytes);
      free = new int[slots];
      for (int i = 0; i < slots; i++) {
        free[i] = slots - 1 - i; // hand out low addresses first
      }
      freeCount = slots;
    }

    int take() {
      return free[--freeCount];
    }

    void give(int index) {
      free[freeCount++] = index;
    }

    void retire() {
      retired++;
    }

    boolean isFull() {
      return freeCount == 0;
    }

    boolean isEmpty() {
      return freeCount == free.length && retired == 0;
    }

    @Override
    public void release(Allocation allocation, boolean corrupted) {
      size.release(this, allocation.slot(), corrupted);
    }
  }
}
