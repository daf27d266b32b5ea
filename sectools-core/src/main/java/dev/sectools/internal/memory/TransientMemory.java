package dev.sectools.internal.memory;

import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Off-heap memory for a large copy that lives briefly (a verified cache entry while its caller
 * reads it): one block per copy, sized by the caller. Not for secrets that must stay locked in
 * RAM: that is {@code SecureBuffer}.
 *
 * <p>Where the memory comes from on Linux, and why (measured on these virtual machines, where a
 * page fault costs about 3.6 µs, and a {@code read(2)} into a large block backed by 4 KiB pages
 * ran at a third of the speed of one into transparent huge pages):
 * <ul>
 *   <li>under {@value #MALLOC_MAX_BYTES} bytes: the C allocator ({@code malloc}), which serves
 *       such sizes from memory it already has; wiped before it is freed;
 *   <li>up to {@value #POOL_MAX_BYTES} bytes: a mapping of 2 or 4 MiB, aligned to 2 MiB and backed
 *       by transparent huge pages ({@code MADV_HUGEPAGE}), taken from a small pool of idle
 *       mappings (at most {@value #POOL_RETAINED_BYTES} bytes) whose pages are already faulted
 *       in. The bytes used are wiped before the mapping goes back to the pool;
 *   <li>larger: a mapping of its own, aligned and backed by huge pages in the same way, whose
 *       pages the kernel zeroes as they are first written, in the writing thread. Freeing unmaps
 *       it: its pages leave the process at once, and the kernel zeroes them before it gives them
 *       to anyone again, so wiping first would cost a full pass over the memory (about 9 ms per
 *       64 MiB here) and keep nothing from anyone the design defends against.
 * </ul>
 * Mappings are left out of core dumps ({@code MADV_DONTDUMP}). Elsewhere every block comes from a
 * shared {@link Arena} of its own, and is wiped before the arena closes. A block taken with
 * {@link #allocateUnwiped} skips the wipe in every case (about 40 µs per MiB here), for bytes
 * that are no secret to this process.
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
  /** Blocks smaller than this come from the C allocator on Linux. */
  public static final long MALLOC_MAX_BYTES = 128 * 1024;
  /** Blocks up to this size come from the pool of mappings on Linux. */
  public static final long POOL_MAX_BYTES = 4 * 1024 * 1024;
  /** The most memory the pool keeps mapped while no block uses it. */
  public static final long POOL_RETAINED_BYTES = 8 * 1024 * 1024;

  private static final long HUGE_PAGE_BYTES = 2 * 1024 * 1024;
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Pool POOL = new Pool();

  private final MemorySegment block;
  private final Owner owner;
  private final Cleaner.Cleanable cleanable;

  private TransientMemory(MemorySegment block, Owner owner) {
    this.block = block;
    this.owner = owner;
    this.cleanable = CLEANER.register(this, owner);
  }

  /**
   * A block of {@code length} bytes, wiped (or unmapped) when it is freed. Its contents are
   * unspecified until written: zero, or bytes of an earlier block freed unwiped
   * ({@link #allocateUnwiped}); never those of a block allocated here.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws OutOfMemoryError if the system has no memory or address space to give
   */
  public static TransientMemory allocate(long length) {
    return allocate(length, true);
  }

  /**
   * A block of {@code length} bytes that is freed <em>without</em> a wipe: for a copy of bytes
   * this process could read in the clear anyway (a file's content as it is stored, unencrypted),
   * where a wipe would cost a pass over the memory and hide nothing: the same bytes are in the
   * file and in the kernel's page cache. Never for decrypted or secret bytes. Its bytes may then
   * show in a later block before that block is written (see {@link #allocate}).
   *
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws OutOfMemoryError if the system has no memory or address space to give
   */
  public static TransientMemory allocateUnwiped(long length) {
    return allocate(length, false);
  }

  private static TransientMemory allocate(long length, boolean wipe) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, was " + length);
    }
    if (!NativeMemory.isAvailable()) {
      Arena arena = Arena.ofShared();
      MemorySegment m = arena.allocate(length, 16);
      return new TransientMemory(m, new Owner(m, arena::close, wipe));
    }
    if (length < MALLOC_MAX_BYTES) {
      MemorySegment m = NativeMemory.malloc(length);
      return new TransientMemory(m, new Owner(m, () -> NativeMemory.free(m), wipe));
    }
    if (length <= POOL_MAX_BYTES) {
      Mapping mapping = POOL.take(roundUp(length, HUGE_PAGE_BYTES));
      MemorySegment m = mapping.data().asSlice(0, length);
      return new TransientMemory(m, new Owner(m, () -> POOL.give(mapping), wipe));
    }
    Mapping mapping = Mapping.map(roundUp(length, HUGE_PAGE_BYTES));
    MemorySegment m = mapping.data().asSlice(0, length);
    return new TransientMemory(m, new Owner(m, mapping::unmap, false));
  }

  private static long roundUp(long n, long unit) {
    return (n + unit - 1) & -unit;
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

  /**
   * An anonymous mapping whose {@code data} starts on a 2 MiB boundary and asks for huge pages;
   * the pages before and after it are never touched, so never backed.
   */
  private record Mapping(MemorySegment whole, MemorySegment data) {
    static Mapping map(long dataBytes) {
      MemorySegment whole;
      try {
        whole = NativeMemory.mmapAnonymous(dataBytes + HUGE_PAGE_BYTES,
            NativeMemory.PROT_READ | NativeMemory.PROT_WRITE);
      } catch (ErrnoException e) {
        throw new OutOfMemoryError("cannot map " + dataBytes + " bytes: " + e.getMessage());
      }
      MemorySegment data = whole.asSlice(roundUp(whole.address(), HUGE_PAGE_BYTES) - whole.address(), dataBytes);
      try {
        NativeMemory.madvise(whole, NativeMemory.MADV_DONTDUMP);
      } catch (ErrnoException e) {
        // Linux < 3.4: a core dump would include the block, as it includes the Java heap.
      }
      try {
        NativeMemory.madvise(data, NativeMemory.MADV_HUGEPAGE);
      } catch (ErrnoException e) {
        // A kernel without transparent huge pages: 4 KiB pages, slower but the same bytes.
      }
      return new Mapping(whole, data);
    }

    void unmap() {
      try {
        NativeMemory.munmap(whole);
      } catch (ErrnoException e) {
        // munmap fails only for a range that was never mapped, which this class never passes.
        throw new IllegalStateException("munmap of a transient block failed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Idle mappings of 2 and 4 MiB, kept for reuse up to {@value #POOL_RETAINED_BYTES} bytes: wiped,
   * or holding only bytes of blocks freed unwiped.
   */
  private static final class Pool {
    private final ArrayDeque<Mapping> idle = new ArrayDeque<>();
    private long idleBytes;

    /** A mapping of {@code dataBytes}: an idle one if there is one, else a new one. */
    Mapping take(long dataBytes) {
      synchronized (this) {
        for (Iterator<Mapping> it = idle.iterator(); it.hasNext();) {
          Mapping m = it.next();
          if (m.data().byteSize() == dataBytes) {
            it.remove();
            idleBytes -= dataBytes;
            return m;
          }
        }
      }
      return Mapping.map(dataBytes);
    }

    /** Takes back a mapping (its used bytes wiped, unless they were no secret), or unmaps it if the pool is full. */
    void give(Mapping m) {
      synchronized (this) {
        if (idleBytes + m.data().byteSize() <= POOL_RETAINED_BYTES) {
          idle.push(m);
          idleBytes += m.data().byteSize();
          return;
        }
      }
      m.unmap();
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
