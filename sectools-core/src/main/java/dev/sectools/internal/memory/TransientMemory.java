package dev.sectools.internal.memory;

import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

/**
 * Off-heap memory for a large copy that lives briefly (a verified cache entry while its caller
 * reads it): one block per copy, sized by the caller. Not for secrets that must stay locked in
 * RAM: that is {@code SecureBuffer}.
 *
 * <p>On Linux a block of {@value #MAP_MIN_BYTES} bytes or more is a private anonymous mapping of
 * its own, left out of core dumps ({@code MADV_DONTDUMP}). Nothing zeroes it in user space: the
 * kernel hands each page out zeroed the first time it is written, in the thread that writes it.
 * From {@value #HUGE_MIN_BYTES} bytes on, the mapping is aligned to 2 MiB and asks for
 * transparent huge pages ({@code MADV_HUGEPAGE}): on these virtual machines a {@code read(2)}
 * into memory backed by 4 KiB pages ran at a third of the speed of one into huge pages, and took
 * one page fault per 4 KiB. Freeing unmaps the block: its pages leave the process at once, and
 * the kernel zeroes them before it gives them to anyone again, so wiping first would cost a full
 * pass over the memory and keep nothing from anyone the design defends against. Smaller blocks
 * come from the C allocator ({@code malloc}), which reuses memory it already has, and are wiped
 * before they go back to it. Elsewhere every block comes from a shared {@link Arena} of its own,
 * and is wiped before the arena closes.
 *
 * <h2>Access and release</h2>
 * Readers bracket every access with {@link #acquire()} and {@link #release()}. {@link #close()}
 * frees the block at once if no access is in progress, and otherwise leaves that to the last
 * access to end: no access ever touches freed memory, and none can start after close. That costs
 * two atomic operations per access, where closing a shared arena would stop every thread of the
 * JVM (about 0.7 µs per thread here: 370 µs per block in a JVM with 500 threads). A block that
 * becomes unreachable without being closed is freed by a {@link Cleaner}.
 *
 * <p>The one writer that fills a block before anyone reads it may use {@link #segment()} without
 * acquiring, if it has finished before the block is closed.
 */
public final class TransientMemory implements AutoCloseable {
  /** Blocks this large or larger get a mapping of their own on Linux. */
  public static final long MAP_MIN_BYTES = 256 * 1024;
  /** Blocks this large or larger ask for transparent huge pages. */
  public static final long HUGE_MIN_BYTES = 1024 * 1024;

  private static final long HUGE_PAGE_BYTES = 2 * 1024 * 1024;
  private static final Cleaner CLEANER = Cleaner.create();

  private final MemorySegment block;
  private final Owner owner;
  private final Cleaner.Cleanable cleanable;

  private TransientMemory(MemorySegment block, Owner owner) {
    this.block = block;
    this.owner = owner;
    this.cleanable = CLEANER.register(this, owner);
  }

  /**
   * A block of {@code length} bytes. Its contents are unspecified until written (zero, or bytes
   * this process wrote and freed; never another block's: those are wiped or unmapped).
   *
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws OutOfMemoryError if the system has no memory or address space to give
   */
  public static TransientMemory allocate(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, was " + length);
    }
    if (!NativeMemory.isAvailable()) {
      Arena arena = Arena.ofShared();
      MemorySegment m = arena.allocate(length, 16);
      return new TransientMemory(m, new Owner(m, arena::close, true));
    }
    if (length < MAP_MIN_BYTES) {
      MemorySegment m = NativeMemory.malloc(length);
      return new TransientMemory(m, new Owner(m, () -> NativeMemory.free(m), true));
    }
    return mapped(length);
  }

  private static TransientMemory mapped(long length) {
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
    MemorySegment m = whole.asSlice(offset, length);
    return new TransientMemory(m, new Owner(m, () -> unmap(whole), false));
  }

  private static long roundUp(long n, long unit) {
    return (n + unit - 1) & -unit;
  }

  private static void unmap(MemorySegment whole) {
    try {
      NativeMemory.munmap(whole);
    } catch (ErrnoException e) {
      // munmap fails only for a range that was never mapped, which this class never passes.
      throw new IllegalStateException("munmap of a transient block failed: " + e.getMessage(), e);
    }
  }

  /** The block's length in bytes. */
  public long length() {
    return block.byteSize();
  }

  /**
   * The block, readable and writable from any thread: only between {@link #acquire()} and
   * {@link #release()}, or by the one writer that fills it before it is closed.
   */
  public MemorySegment segment() {
    return block;
  }

  /**
   * Starts an access.
   *
   * @throws IllegalStateException if the block is closed
   */
  public void acquire() {
    if (!owner.access.tryAcquire()) {
      throw new IllegalStateException("the memory block is closed");
    }
  }

  /** Ends an access; frees the block if it was closed meanwhile and this was the last access. */
  public void release() {
    if (owner.access.release()) {
      cleanable.clean();
    }
    Reference.reachabilityFence(this);
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return owner.access.isClosed();
  }

  /** Frees the block now, or when the access in progress ends. Idempotent. */
  @Override
  public void close() {
    if (owner.access.close()) {
      cleanable.clean();
    }
  }

  /** What frees the block; reachable from the cleaner, so it must not reach the block's holder. */
  private static final class Owner implements Runnable {
    final AccessCount access = new AccessCount();
    private final MemorySegment block;
    private final Runnable free;
    private final boolean wipe;

    Owner(MemorySegment block, Runnable free, boolean wipe) {
      this.block = block;
      this.free = free;
      this.wipe = wipe;
    }

    // Runs once (a Cleanable runs its action at most once): from close() or release() when the
    // access count says so, or from the cleaner once the holder is unreachable, when no access
    // can be in progress either.
    @Override
    public void run() {
      access.close();
      if (wipe) {
        block.fill((byte) 0);
      }
      free.run();
    }
  }
}
