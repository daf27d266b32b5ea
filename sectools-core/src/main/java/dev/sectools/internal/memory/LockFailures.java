package dev.sectools.internal.memory;

import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.memory.MemoryLockException;
import dev.sectools.memory.MemoryPolicy;
import java.util.concurrent.atomic.AtomicBoolean;

/** What happens when memory cannot be locked: one warning per process, or a typed failure. */
final class LockFailures {
  private static final System.Logger LOG = System.getLogger("dev.sectools.memory");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private LockFailures() {}

  /**
   * Reports that {@code bytes} could not be locked: throws under
   * {@link MemoryPolicy#REQUIRE_LOCKED}, else warns once per process.
   */
  static void failed(MemoryPolicy policy, long bytes, String why) {
    String message = "could not lock " + bytes + " bytes of secure memory in RAM: " + why;
    if (policy == MemoryPolicy.REQUIRE_LOCKED) {
      throw new MemoryLockException(message);
    }
    if (WARNED.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, message + "; continuing with unlocked memory, which the"
          + " kernel may swap to disk (this warning is shown once per process; SecureBuffer.isLocked()"
          + " tells which buffers are affected)");
    }
  }

  /** Why {@code mlock} failed, with the limit and how to raise it. */
  static String describe(ErrnoException e) {
    String limit;
    try {
      long l = NativeMemory.memlockLimit();
      limit = l == Long.MAX_VALUE ? "unlimited" : l + " bytes";
    } catch (ErrnoException ignored) {
      limit = "unknown";
    }
    String failure = e.errno() == NativeMemory.ENOMEM
        ? e.call() + " failed: ENOMEM (the lock would pass RLIMIT_MEMLOCK)" : e.getMessage();
    return failure + " (RLIMIT_MEMLOCK is " + limit + "; raise it with ulimit -l, LimitMEMLOCK="
        + " in a systemd unit, or grant CAP_IPC_LOCK)";
  }
}
