package dev.sectools.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The libc calls secure temp needs beyond {@link LibC}: {@code geteuid} and {@code pwrite}. Bound
 * the same way (critical downcalls with heap access, {@code errno} captured into a heap array),
 * and only where {@link LibC#isAvailable()} holds.
 */
public final class TempCalls {
  private static final MethodHandle GETEUID;
  private static final MethodHandle PWRITE;
  private static final int CAPTURE_INTS =
      (int) Math.max(1, (Linker.Option.captureStateLayout().byteSize() + 3) / 4);

  static {
    MethodHandle geteuid = null;
    MethodHandle pwrite = null;
    if (LibC.isAvailable()) {
      Linker linker = Linker.nativeLinker();
      geteuid = LibC.bind(linker, linker.defaultLookup(), "geteuid", FunctionDescriptor.of(JAVA_INT));
      pwrite = LibC.bind(linker, linker.defaultLookup(), "pwrite",
          FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
          Linker.Option.captureCallState("errno"), Linker.Option.critical(true));
    }
    GETEUID = geteuid;
    PWRITE = pwrite;
  }

  private TempCalls() {}

  private static void requireAvailable() {
    if (GETEUID == null) {
      throw new IllegalStateException("libc bindings unavailable: "
          + LibC.unavailableReason().orElse("unknown"));
    }
  }

  /** {@code geteuid()}: the effective user id (cannot fail). */
  public static int geteuid() {
    requireAvailable();
    try {
      return (int) GETEUID.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Writes all of {@code buf[off, off+len)} at file offset {@code position}, looping over short
   * writes and {@code EINTR}. The descriptor's own offset is not moved.
   */
  public static void pwriteFully(int fd, byte[] buf, int off, int len, long position)
      throws ErrnoException {
    requireAvailable();
    int[] c = new int[CAPTURE_INTS];
    MemorySegment state = MemorySegment.ofArray(c);
    int done = 0;
    while (done < len) {
      long r;
      try {
        r = (long) PWRITE.invokeExact(state, fd,
            MemorySegment.ofArray(buf).asSlice(off + done, len - done), (long) (len - done),
            position + done);
      } catch (Throwable t) {
        throw rethrow(t);
      }
      if (r >= 0) {
        done += (int) r;
      } else if (c[0] != Errno.EINTR) {
        throw new ErrnoException("pwrite", c[0]);
      }
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
