package dev.sectools.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The libc memory calls behind {@code SecureBuffer} ({@code mmap}, {@code mprotect},
 * {@code mlock}, {@code madvise}, …) and reads and writes between a descriptor and native memory,
 * reached through the FFM API as {@link LibC} does.
 *
 * <p>{@code getrlimit} is a critical downcall with {@code errno} captured into a heap array.
 * The others are ordinary downcalls with {@code errno} captured into native memory: they may fault
 * in pages ({@code mlock}) or wait for a disk ({@code read}, {@code write}), and must not hold
 * up the garbage collector.
 *
 * <p>On anything but Linux on x86_64 or aarch64 nothing is bound and {@link #isAvailable()} is
 * false; loading the class never fails.
 */
public final class NativeMemory {
  public static final int PROT_NONE = 0;
  public static final int PROT_READ = 1;
  public static final int PROT_WRITE = 2;
  public static final int MADV_DONTDUMP = 16;
  /** Children made by {@code fork} see the range zeroed (Linux 4.14+). */
  public static final int MADV_WIPEONFORK = 18;
  /** Back the range with transparent huge pages where the kernel can (Linux 2.6.38+, THP built in). */
  public static final int MADV_HUGEPAGE = 14;
  /** {@code errno} when a lock would pass {@code RLIMIT_MEMLOCK}, or memory ran out. */
  public static final int ENOMEM = 12;

  private static final int MAP_PRIVATE = 0x02;
  private static final int MAP_ANONYMOUS = 0x20;
  private static final int RLIMIT_MEMLOCK = 8;
  private static final int SC_PAGESIZE = 30;
  private static final long MAP_FAILED = -1L;

  private static final String UNAVAILABLE_REASON;
  private static final int CAPTURE_INTS;
  private static final long PAGE_SIZE;

  private static final MethodHandle MMAP;
  private static final MethodHandle MUNMAP;
  private static final MethodHandle MPROTECT;
  private static final MethodHandle MLOCK;
  private static final MethodHandle MUNLOCK;
  private static final MethodHandle MADVISE;
  private static final MethodHandle GETRLIMIT;
  private static final MethodHandle READ;
  private static final MethodHandle PREAD;
  private static final MethodHandle WRITE;
  private static final MethodHandle MALLOC;
  private static final MethodHandle FREE;

  static {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String reason = null;
    if (!os.startsWith("linux")) {
      reason = "not Linux (" + os + ")";
    } else if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64") || arch.equals("arm64"))) {
      reason = "unsupported architecture " + arch;
    }
    MethodHandle[] h = new MethodHandle[13];
    long page = 4096;
    if (reason == null) {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        Linker.Option heap = Linker.Option.critical(true);
        h[0] = LibC.bind(linker, libc, "mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), errno);
        h[1] = LibC.bind(linker, libc, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
        // prot is passed as a long: glibc's mprotect is an assembly stub that hands the register to
        // the kernel unchanged, the kernel reads it as unsigned long, and compiled downcalls may
        // leave garbage in the upper half of an int argument (seen: EINVAL once C2 compiled it).
        h[2] = LibC.bind(linker, libc, "mprotect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), errno);
        h[3] = LibC.bind(linker, libc, "mlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
        h[4] = LibC.bind(linker, libc, "munlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
        h[5] = LibC.bind(linker, libc, "madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno);
        h[6] = LibC.bind(linker, libc, "getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno, heap);
        h[7] = LibC.bind(linker, libc, "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        h[8] = LibC.bind(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
        h[9] = LibC.bind(linker, libc, "pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), errno);
        h[10] = LibC.bind(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
        h[11] = LibC.bind(linker, libc, "malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        h[12] = LibC.bind(linker, libc, "free", FunctionDescriptor.ofVoid(ADDRESS));
        page = (long) h[7].invokeExact(SC_PAGESIZE);
        if (page <= 0 || Long.bitCount(page) != 1) {
          reason = "sysconf(_SC_PAGESIZE) gave " + page;
        }
      } catch (Throwable t) {
        reason = "libc binding failed: " + t;
      }
    }
    UNAVAILABLE_REASON = reason;
    CAPTURE_INTS = (int) Math.max(1, (Linker.Option.captureStateLayout().byteSize() + 3) / 4);
    PAGE_SIZE = page;
    MMAP = h[0];
    MUNMAP = h[1];
    MPROTECT = h[2];
    MLOCK = h[3];
    MUNLOCK = h[4];
    MADVISE = h[5];
    GETRLIMIT = h[6];
    READ = h[8];
    PREAD = h[9];
    WRITE = h[10];
    MALLOC = h[11];
    FREE = h[12];
  }

  private NativeMemory() {}

  /** Whether these bindings work on this platform. */
  public static boolean isAvailable() {
    return UNAVAILABLE_REASON == null && LibC.isAvailable();
  }

  /** Why the bindings are unavailable, when they are. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(UNAVAILABLE_REASON);
  }

  /** The system's page size in bytes ({@code sysconf(_SC_PAGESIZE)}; 4096 where unavailable). */
  public static long pageSize() {
    return PAGE_SIZE;
  }

  private static RuntimeException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }

  /**
   * A new private anonymous mapping of {@code length} bytes (a multiple of the page size), zero
   * filled, with protection {@code prot}; the segment spans exactly the mapping.
   */
  @SuppressWarnings("restricted") // the mapping is exactly this long
  public static MemorySegment mmapAnonymous(long length, int prot) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      MemorySegment r;
      try {
        r = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot,
            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r.address() == MAP_FAILED) {
        throw new ErrnoException("mmap", state.get(JAVA_INT, 0));
      }
      return r.reinterpret(length);
    }
  }

  /**
   * {@code malloc(length)}: memory of the C allocator, not zeroed, spanned exactly by the segment,
   * which any thread may use; give it back with {@link #free(MemorySegment)}.
   *
   * @throws OutOfMemoryError if the allocator has nothing to give
   */
  @SuppressWarnings("restricted") // the allocation is exactly this long
  public static MemorySegment malloc(long length) {
    MemorySegment r;
    try {
      r = (MemorySegment) MALLOC.invokeExact(Math.max(1, length));
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r.address() == 0) {
      throw new OutOfMemoryError("malloc of " + length + " bytes failed");
    }
    return r.reinterpret(length);
  }

  /** {@code free(segment)}, for memory from {@link #malloc(long)}. */
  public static void free(MemorySegment segment) {
    try {
      FREE.invokeExact(segment);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** {@code munmap(segment)}. */
  public static void munmap(MemorySegment segment) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      int r;
      try {
        r = (int) MUNMAP.invokeExact(state, segment, segment.byteSize());
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r != 0) {
        throw new ErrnoException("munmap", state.get(JAVA_INT, 0));
      }
    }
  }

  /** {@code mprotect(segment, prot)}; the segment must start on a page boundary. */
  public static void mprotect(MemorySegment segment, int prot) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      int r;
      try {
        r = (int) MPROTECT.invokeExact(state, segment, segment.byteSize(), (long) prot);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r != 0) {
        throw new ErrnoException("mprotect", state.get(JAVA_INT, 0));
      }
    }
  }

  /** {@code madvise(segment, advice)}; the segment must start on a page boundary. */
  public static void madvise(MemorySegment segment, int advice) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      int r;
      try {
        r = (int) MADVISE.invokeExact(state, segment, segment.byteSize(), advice);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r != 0) {
        throw new ErrnoException("madvise", state.get(JAVA_INT, 0));
      }
    }
  }

  /** {@code mlock(segment)}: faults the pages in and keeps them out of swap. */
  public static void mlock(MemorySegment segment) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      int r;
      try {
        r = (int) MLOCK.invokeExact(state, segment, segment.byteSize());
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r != 0) {
        throw new ErrnoException("mlock", state.get(JAVA_INT, 0));
      }
    }
  }

  /** {@code munlock(segment)}. */
  public static void munlock(MemorySegment segment) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      int r;
      try {
        r = (int) MUNLOCK.invokeExact(state, segment, segment.byteSize());
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r != 0) {
        throw new ErrnoException("munlock", state.get(JAVA_INT, 0));
      }
    }
  }

  /** The soft {@code RLIMIT_MEMLOCK} in bytes; {@link Long#MAX_VALUE} for unlimited. */
  public static long memlockLimit() throws ErrnoException {
    int[] c = new int[CAPTURE_INTS];
    long[] limits = new long[2]; // struct rlimit { rlim_t cur, max; }
    int r;
    try {
      r = (int) GETRLIMIT.invokeExact(MemorySegment.ofArray(c), RLIMIT_MEMLOCK, MemorySegment.ofArray(limits));
    } catch (Throwable t) {
      throw unexpected(t);
    }
    check("getrlimit", r, c);
    return limits[0] < 0 ? Long.MAX_VALUE : limits[0]; // RLIM_INFINITY is all ones
  }

  /**
   * {@code read(fd, target, size)} (or {@code pread} at {@code position} when it is not
   * negative) straight into native memory, retrying {@code EINTR}; 0 at end of file.
   */
  public static long read(int fd, MemorySegment target, long position) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      while (true) {
        long r;
        try {
          r = position < 0
              ? (long) READ.invokeExact(state, fd, target, target.byteSize())
              : (long) PREAD.invokeExact(state, fd, target, target.byteSize(), position);
        } catch (Throwable t) {
          throw unexpected(t);
        }
        if (r >= 0) {
          return r;
        }
        int errno = state.get(JAVA_INT, 0);
        if (errno != Errno.EINTR) {
          throw new ErrnoException(position < 0 ? "read" : "pread", errno);
        }
      }
    }
  }

  /** Writes all of {@code source} from native memory, looping over short writes and {@code EINTR}. */
  public static void writeFully(int fd, MemorySegment source) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      long done = 0;
      long len = source.byteSize();
      while (done < len) {
        long r;
        try {
          r = (long) WRITE.invokeExact(state, fd, source.asSlice(done), len - done);
        } catch (Throwable t) {
          throw unexpected(t);
        }
        if (r >= 0) {
          done += r;
        } else {
          int errno = state.get(JAVA_INT, 0);
          if (errno != Errno.EINTR) {
            throw new ErrnoException("write", errno);
          }
        }
      }
    }
  }

  private static void check(String call, int r, int[] capture) throws ErrnoException {
    if (r != 0) {
      throw new ErrnoException(call, capture[0]);
    }
  }
}
