package dev.sectools.internal.memory;

import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Off-heap memory for a large copy that lives briefly (a verified cache entry while its caller
 * reads it): one block per copy, released when the caller closes the {@link Arena} it was
 * allocated in. Not for secrets that must stay locked in RAM: that is {@code SecureBuffer}.
 *
 * <p>On Linux a block of {@value #MAP_MIN_BYTES} bytes or more is a private anonymous mapping of
 * its own, left out of core dumps ({@code MADV_DONTDUMP}). Nothing zeroes it in user space: the
 * kernel hands each page out zeroed the first time it is written, in the thread that writes it.
 * From {@value #HUGE_MIN_BYTES} bytes on, the mapping is aligned to 2 MiB and asks for
 * transparent huge pages ({@code MADV_HUGEPAGE}): on these virtual machines a {@code read(2)} into
 * memory backed by 4 KiB pages ran at a third of the speed of one into huge pages, and took one
 * page fault per 4 KiB. Closing the arena unmaps the block: its pages leave the process at once,
 * and the kernel zeroes them before it gives them to anyone again, so a wipe first would cost a
 * full pass over the memory and keep nothing from anyone the design defends against.
 *
 * <p>Smaller blocks, and every block elsewhere, come from the C allocator through a shared arena
 * of their own (zeroed by the JDK), and are wiped before they go back to it.
 *
 * <p>Either way the release runs only once the arena has made sure that no thread still reads or
 * writes the block: an access after close throws {@link IllegalStateException} and never touches
 * memory that was freed.
 */
public final class TransientMemory {
  /** Blocks this large or larger get a mapping of their own. */
  public static final long MAP_MIN_BYTES = 256 * 1024;
  /** Blocks this large or larger ask for transparent huge pages. */
  public static final long HUGE_MIN_BYTES = 1024 * 1024;

  private static final long HUGE_PAGE_BYTES = 2 * 1024 * 1024;

  private TransientMemory() {}

  /**
   * A block of {@code length} bytes, released when {@code arena} closes. Its contents are zero
   * until written.
   *
   * @param arena the arena whose closing releases the block; shared, if several threads use it
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws OutOfMemoryError if the system has no memory or address space to give
   */
  public static MemorySegment allocate(long length, Arena arena) {
    Objects.requireNonNull(arena, "arena");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, was " + length);
    }
    if (length >= MAP_MIN_BYTES && NativeMemory.isAvailable()) {
      return mapped(length, arena);
    }
    return fromAllocator(length, arena);
  }

  @SuppressWarnings("restricted") // the segment spans memory this method allocated, and lives exactly as long
  private static MemorySegment fromAllocator(long length, Arena arena) {
    Arena own = Arena.ofShared();
    MemorySegment block;
    try {
      block = own.allocate(Math.max(length, 1), 16).asSlice(0, length);
    } catch (RuntimeException | OutOfMemoryError e) {
      own.close();
      throw e;
    }
    // The cleanup gets a view of the same memory that no arena guards: it runs after the
    // caller's arena has closed, when no other thread can reach the block any more.
    try {
      return block.reinterpret(length, arena, unguarded -> {
        unguarded.fill((byte) 0);
        own.close();
      });
    } catch (RuntimeException e) { // the arena was already closed
      own.close();
      throw e;
    }
  }

  @SuppressWarnings("restricted") // the segment lies inside the mapping, which lives exactly as long
  private static MemorySegment mapped(long length, Arena arena) {
    long page = NativeMemory.pageSize();
    boolean huge = length >= HUGE_MIN_BYTES;
    long used = roundUp(length, huge ? HUGE_PAGE_BYTES : page);
    // Room to start on a 2 MiB boundary: the pages before it are never touched, so never backed.
    long mappedBytes = huge ? used + HUGE_PAGE_BYTES : used;
    MemorySegment whole;
    try {
      whole = NativeMemory.mmapAnonymous(mappedBytes, NativeMemory.PROT_READ | NativeMemory.PROT_WRITE);
    } catch (ErrnoException e) {
      throw new OutOfMemoryError("cannot map " + length + " bytes: " + e.getMessage());
    }
    long offset = huge ? roundUp(whole.address(), HUGE_PAGE_BYTES) - whole.address() : 0;
    try {
      NativeMemory.madvise(whole, NativeMemory.MADV_DONTDUMP);
    } catch (ErrnoException e) {
      // Linux < 3.4: a core dump would include the block, as it includes the Java heap.
    }
    if (huge) {
      try {
        NativeMemory.madvise(whole.asSlice(offset, used), NativeMemory.MADV_HUGEPAGE);
      } catch (ErrnoException e) {
        // A kernel without transparent huge pages: 4 KiB pages, slower but the same bytes.
      }
    }
    try {
      return whole.asSlice(offset, length).reinterpret(length, arena, unused -> unmapQuietly(whole));
    } catch (RuntimeException e) { // the arena was already closed
      unmapQuietly(whole);
      throw e;
    }
  }

  private static long roundUp(long n, long unit) {
    return (n + unit - 1) & -unit;
  }

  private static void unmapQuietly(MemorySegment whole) {
    try {
      NativeMemory.munmap(whole);
    } catch (ErrnoException e) {
      // munmap fails only for a bad range, which this class never passes: nothing to undo.
    }
  }
}
