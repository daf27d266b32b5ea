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
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The libc calls sectools needs on Linux, reached through the FFM API (no JNI).
 *
 * <p>Every call is a {@linkplain Linker.Option#critical(boolean) critical} downcall with heap
 * access: paths, structs and data buffers are passed as Java arrays without a native copy, and
 * {@code errno} is captured into a heap array. Each method returns the call's result or throws
 * {@link ErrnoException}; {@code EINTR} is retried where the call is restartable.
 *
 * <p>Flag values differ between architectures for {@code O_DIRECTORY} and {@code O_NOFOLLOW};
 * only x86_64 and aarch64 are supported, elsewhere {@link #isAvailable()} is false.
 */
public final class LibC {
  /** {@code AT_FDCWD}. */
  public static final int AT_FDCWD = -100;
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0x40;
  public static final int O_EXCL = 0x80;
  public static final int O_NOCTTY = 0x100;
  public static final int O_TRUNC = 0x200;
  public static final int O_APPEND = 0x400;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_CLOEXEC = 0x80000;
  public static final int O_PATH = 0x200000;
  public static final int O_DIRECTORY;
  public static final int O_NOFOLLOW;
  /** {@code O_TMPFILE} includes {@code O_DIRECTORY}, as in the kernel headers. */
  public static final int O_TMPFILE;

  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_REMOVEDIR = 0x200;
  public static final int AT_SYMLINK_FOLLOW = 0x400;
  public static final int AT_EMPTY_PATH = 0x1000;
  public static final int RENAME_NOREPLACE = 1;
  public static final int LOCK_EX = 2;
  public static final int LOCK_NB = 4;

  public static final long RESOLVE_NO_MAGICLINKS = 0x02;
  public static final long RESOLVE_NO_SYMLINKS = 0x04;
  public static final long RESOLVE_BENEATH = 0x08;

  private static final long SYS_OPENAT2 = 437; // the same number on every architecture
  private static final int STATX_BASIC_STATS = 0x7ff;

  private static final boolean AVAILABLE;
  private static final String UNAVAILABLE_REASON;
  private static final int CAPTURE_INTS;

  private static final MethodHandle OPENAT;
  private static final MethodHandle SYSCALL_OPENAT2;
  private static final MethodHandle CLOSE;
  private static final MethodHandle READ;
  private static final MethodHandle PREAD;
  private static final MethodHandle WRITE;
  private static final MethodHandle FSYNC;
  private static final MethodHandle FTRUNCATE;
  private static final MethodHandle FCHMOD;
  private static final MethodHandle RENAMEAT2;
  private static final MethodHandle RENAMEAT;
  private static final MethodHandle LINKAT;
  private static final MethodHandle UNLINKAT;
  private static final MethodHandle MKDIRAT;
  private static final MethodHandle READLINKAT;
  private static final MethodHandle STATX;
  private static final MethodHandle GETDENTS64;
  private static final MethodHandle FLOCK;

  static {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm = arch.equals("aarch64") || arch.equals("arm64");
    O_DIRECTORY = arm ? 0x4000 : 0x10000;
    O_NOFOLLOW = arm ? 0x8000 : 0x20000;
    O_TMPFILE = 0x400000 | O_DIRECTORY;

    String reason = null;
    if (!os.startsWith("linux")) {
      reason = "not Linux (" + os + ")";
    } else if (!x86 && !arm) {
      reason = "unsupported architecture " + arch;
    }
    Linker linker = Linker.nativeLinker();
    SymbolLookup libc = linker.defaultLookup();
    Linker.Option errno = Linker.Option.captureCallState("errno");
    Linker.Option heap = Linker.Option.critical(true);
    MethodHandle[] h = new MethodHandle[18];
    if (reason == null) {
      try {
        h[0] = bind(linker, libc, "openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            errno, heap, Linker.Option.firstVariadicArg(3));
        h[1] = bind(linker, libc, "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            errno, heap, Linker.Option.firstVariadicArg(1));
        h[2] = bind(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno, heap);
        h[3] = bind(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno, heap);
        h[4] = bind(linker, libc, "pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), errno, heap);
        h[5] = bind(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno, heap);
        h[6] = bind(linker, libc, "fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        h[7] = bind(linker, libc, "ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), errno, heap);
        h[8] = bind(linker, libc, "fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno, heap);
        h[9] = bind(linker, libc, "renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), errno, heap);
        h[10] = bind(linker, libc, "renameat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), errno, heap);
        h[11] = bind(linker, libc, "linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), errno, heap);
        h[12] = bind(linker, libc, "unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno, heap);
        h[13] = bind(linker, libc, "mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno, heap);
        h[14] = bind(linker, libc, "readlinkat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), errno, heap);
        h[15] = bind(linker, libc, "statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), errno, heap);
        h[16] = bind(linker, libc, "getdents64",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno, heap);
        h[17] = bind(linker, libc, "flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno, heap);
      } catch (IllegalStateException | UnsupportedOperationException | IllegalCallerException e) {
        reason = "libc binding failed: " + e.getMessage();
      }
    }
    long errnoOffset = Linker.Option.captureStateLayout()
        .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    if (reason == null && errnoOffset != 0) {
      reason = "unexpected errno capture layout";
    }
    AVAILABLE = reason == null;
    UNAVAILABLE_REASON = reason;
    CAPTURE_INTS = (int) Math.max(1, (Linker.Option.captureStateLayout().byteSize() + 3) / 4);
    OPENAT = h[0];
    SYSCALL_OPENAT2 = h[1];
    CLOSE = h[2];
    READ = h[3];
    PREAD = h[4];
    WRITE = h[5];
    FSYNC = h[6];
    FTRUNCATE = h[7];
    FCHMOD = h[8];
    RENAMEAT2 = h[9];
    RENAMEAT = h[10];
    LINKAT = h[11];
    UNLINKAT = h[12];
    MKDIRAT = h[13];
    READLINKAT = h[14];
    STATX = h[15];
    GETDENTS64 = h[16];
    FLOCK = h[17];
  }

  private LibC() {}

  // The one place sectools makes restricted FFM calls (NativeMemory and TempCalls bind through
  // it too); callers grant native access to the module.
  @SuppressWarnings("restricted")
  static MethodHandle bind(
      Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... options) {
    MemorySegment symbol =
        lookup.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
    return linker.downcallHandle(symbol, fd, options);
  }

  /** Whether these bindings work on this platform. */
  public static boolean isAvailable() {
    return AVAILABLE;
  }

  /** Why the bindings are unavailable, when they are. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(UNAVAILABLE_REASON);
  }

  /** A NUL-terminated UTF-8 copy of {@code s}, for passing as a C string. */
  public static byte[] cString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] c = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, c, 0, utf8.length);
    return c;
  }

  private static int[] capture() {
    return new int[CAPTURE_INTS];
  }

  private static MemorySegment seg(int[] capture) {
    return MemorySegment.ofArray(capture);
  }

  private static MemorySegment seg(byte[] bytes) {
    return MemorySegment.ofArray(bytes);
  }

  private static ErrnoException fail(String call, int[] capture) {
    return new ErrnoException(call, capture[0]);
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

  /** {@code openat(dirfd, path, flags, mode)}, retrying {@code EINTR}. */
  public static int openat(int dirfd, byte[] path, int flags, int mode) throws ErrnoException {
    int[] c = capture();
    while (true) {
      int r;
      try {
        r = (int) OPENAT.invokeExact(seg(c), dirfd, seg(path), flags, mode);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return r;
      }
      if (c[0] != Errno.EINTR) {
        throw fail("openat", c);
      }
    }
  }

  /**
   * {@code openat2(dirfd, path, {flags, mode, resolve})}. Does not retry {@code EAGAIN}: the
   * caller decides how often a racing rename may make it start over.
   */
  public static int openat2(int dirfd, byte[] path, long flags, long mode, long resolve)
      throws ErrnoException {
    int[] c = capture();
    long[] how = {flags, mode, resolve};
    while (true) {
      long r;
      try {
        r = (long) SYSCALL_OPENAT2.invokeExact(seg(c), SYS_OPENAT2, (long) dirfd, seg(path),
            MemorySegment.ofArray(how), 24L);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return (int) r;
      }
      if (c[0] != Errno.EINTR) {
        throw fail("openat2", c);
      }
    }
  }

  /** {@code close(fd)}; errors are reported but the descriptor is gone either way. */
  public static void close(int fd) throws ErrnoException {
    int[] c = capture();
    int r;
    try {
      r = (int) CLOSE.invokeExact(seg(c), fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0 && c[0] != Errno.EINTR) {
      throw fail("close", c);
    }
  }

  /** Closes {@code fd} and ignores failure: for cleanup on a path that already failed. */
  public static void closeQuietly(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      close(fd);
    } catch (ErrnoException ignored) {
      // The descriptor is released by the kernel even when close reports an error.
    }
  }

  /** {@code read(fd, buf + off, len)}, retrying {@code EINTR}; returns 0 at end of file. */
  public static int read(int fd, byte[] buf, int off, int len) throws ErrnoException {
    int[] c = capture();
    MemorySegment target = seg(buf).asSlice(off, len);
    while (true) {
      long r;
      try {
        r = (long) READ.invokeExact(seg(c), fd, target, (long) len);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return (int) r;
      }
      if (c[0] != Errno.EINTR) {
        throw fail("read", c);
      }
    }
  }

  /** {@code pread(fd, buf + off, len, position)}, retrying {@code EINTR}. */
  public static int pread(int fd, byte[] buf, int off, int len, long position) throws ErrnoException {
    int[] c = capture();
    MemorySegment target = seg(buf).asSlice(off, len);
    while (true) {
      long r;
      try {
        r = (long) PREAD.invokeExact(seg(c), fd, target, (long) len, position);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return (int) r;
      }
      if (c[0] != Errno.EINTR) {
        throw fail("pread", c);
      }
    }
  }

  /** Writes all of {@code buf[off, off+len)}, looping over short writes and {@code EINTR}. */
  public static void writeFully(int fd, byte[] buf, int off, int len) throws ErrnoException {
    int[] c = capture();
    int done = 0;
    while (done < len) {
      long r;
      try {
        r = (long) WRITE.invokeExact(seg(c), fd, seg(buf).asSlice(off + done, len - done),
            (long) (len - done));
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        done += (int) r;
      } else if (c[0] != Errno.EINTR) {
        throw fail("write", c);
      }
    }
  }

  /** {@code fsync(fd)}. */
  public static void fsync(int fd) throws ErrnoException {
    // Not a critical call: fsync may take milliseconds and must not hold up the garbage collector.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
      while (true) {
        int r;
        try {
          r = (int) FSYNC.invokeExact(state, fd);
        } catch (Throwable t) {
          throw unexpected(t);
        }
        if (r >= 0) {
          return;
        }
        int errno = state.get(JAVA_INT, 0);
        if (errno != Errno.EINTR) {
          throw new ErrnoException("fsync", errno);
        }
      }
    }
  }

  /** {@code flock(fd, operation)}; with {@link #LOCK_NB} a held lock fails with {@code EAGAIN}. */
  public static void flock(int fd, int operation) throws ErrnoException {
    int[] c = capture();
    intCall("flock", c, () -> (int) FLOCK.invokeExact(seg(c), fd, operation));
  }

  /** {@code ftruncate(fd, length)}. */
  public static void ftruncate(int fd, long length) throws ErrnoException {
    int[] c = capture();
    intCall("ftruncate", c, () -> (int) FTRUNCATE.invokeExact(seg(c), fd, length));
  }

  /** {@code fchmod(fd, mode)}. */
  public static void fchmod(int fd, int mode) throws ErrnoException {
    int[] c = capture();
    intCall("fchmod", c, () -> (int) FCHMOD.invokeExact(seg(c), fd, mode));
  }

  /** {@code renameat2(olddirfd, old, newdirfd, new, flags)}. */
  public static void renameat2(int oldDir, byte[] oldName, int newDir, byte[] newName, int flags)
      throws ErrnoException {
    int[] c = capture();
    intCall("renameat2", c,
        () -> (int) RENAMEAT2.invokeExact(seg(c), oldDir, seg(oldName), newDir, seg(newName), flags));
  }

  /** {@code renameat(olddirfd, old, newdirfd, new)}. */
  public static void renameat(int oldDir, byte[] oldName, int newDir, byte[] newName)
      throws ErrnoException {
    int[] c = capture();
    intCall("renameat", c,
        () -> (int) RENAMEAT.invokeExact(seg(c), oldDir, seg(oldName), newDir, seg(newName)));
  }

  /** {@code linkat(olddirfd, old, newdirfd, new, flags)}. */
  public static void linkat(int oldDir, byte[] oldName, int newDir, byte[] newName, int flags)
      throws ErrnoException {
    int[] c = capture();
    intCall("linkat", c,
        () -> (int) LINKAT.invokeExact(seg(c), oldDir, seg(oldName), newDir, seg(newName), flags));
  }

  /** {@code unlinkat(dirfd, name, flags)}. */
  public static void unlinkat(int dirfd, byte[] name, int flags) throws ErrnoException {
    int[] c = capture();
    intCall("unlinkat", c, () -> (int) UNLINKAT.invokeExact(seg(c), dirfd, seg(name), flags));
  }

  /** {@code mkdirat(dirfd, name, mode)}. */
  public static void mkdirat(int dirfd, byte[] name, int mode) throws ErrnoException {
    int[] c = capture();
    intCall("mkdirat", c, () -> (int) MKDIRAT.invokeExact(seg(c), dirfd, seg(name), mode));
  }

  /** {@code readlinkat(dirfd, name)}: the link's target bytes (at most 4096). */
  public static byte[] readlinkat(int dirfd, byte[] name) throws ErrnoException {
    int[] c = capture();
    byte[] buf = new byte[4097];
    long r;
    try {
      r = (long) READLINKAT.invokeExact(seg(c), dirfd, seg(name), seg(buf), (long) buf.length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw fail("readlinkat", c);
    }
    if (r >= buf.length) {
      throw new ErrnoException("readlinkat", Errno.ENAMETOOLONG);
    }
    return java.util.Arrays.copyOf(buf, (int) r);
  }

  /**
   * {@code statx(dirfd, name, flags, STATX_BASIC_STATS)}. Pass an empty name with
   * {@link #AT_EMPTY_PATH} to describe {@code dirfd} itself.
   */
  public static Stat statx(int dirfd, byte[] name, int flags) throws ErrnoException {
    long[] buf = new long[32]; // struct statx is 256 bytes, 8-byte aligned
    int[] c = capture();
    int r;
    try {
      r = (int) STATX.invokeExact(seg(c), dirfd, seg(name), flags, STATX_BASIC_STATS,
          MemorySegment.ofArray(buf));
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw fail("statx", c);
    }
    return Stat.decode(MemorySegment.ofArray(buf));
  }

  /** {@code getdents64(fd, buf, len)}: bytes of directory records, 0 at the end. */
  public static int getdents64(int fd, byte[] buf) throws ErrnoException {
    int[] c = capture();
    while (true) {
      long r;
      try {
        r = (long) GETDENTS64.invokeExact(seg(c), fd, seg(buf), (long) buf.length);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return (int) r;
      }
      if (c[0] != Errno.EINTR) {
        throw fail("getdents64", c);
      }
    }
  }

  /** A call returning {@code int}, {@code -1} with {@code errno} on failure. */
  @FunctionalInterface
  private interface IntCall {
    int call() throws Throwable;
  }

  private static void intCall(String name, int[] c, IntCall call) throws ErrnoException {
    while (true) {
      int r;
      try {
        r = call.call();
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return;
      }
      if (c[0] != Errno.EINTR) {
        throw fail(name, c);
      }
    }
  }
}
