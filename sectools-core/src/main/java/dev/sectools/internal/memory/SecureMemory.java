package dev.sectools.internal.memory;

import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.memory.MemoryPolicy;
import java.util.concurrent.atomic.AtomicBoolean;

/** Hands out secure memory: from the slab when small, a guarded mapping of its own when large. */
public final class SecureMemory {
  private static final System.Logger LOG = System.getLogger("dev.sectools.memory");
  private static final AtomicBoolean UNGUARDED_WARNED = new AtomicBoolean();

  private SecureMemory() {}

  /** Whether this platform gives guarded, lockable, undumpable memory. */
  public static boolean isSupported() {
    return NativeMemory.isAvailable();
  }

  /** Why not, when {@link #isSupported()} is false. */
  public static String unsupportedReason() {
    return NativeMemory.unavailableReason().orElse("supported");
  }

  /**
   * At least {@code capacity} zeroed bytes of secure memory.
   *
   * @throws dev.sectools.memory.MemoryLockException under {@link MemoryPolicy#REQUIRE_LOCKED}
   *     when the memory cannot be locked
   * @throws OutOfMemoryError if the kernel has no memory to give
   */
  public static Allocation allocate(int capacity, MemoryPolicy policy) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
    }
    if (!NativeMemory.isAvailable()) {
      String why = "this platform offers no locked, guarded memory to sectools (" + unsupportedReason() + ")";
      if (policy == MemoryPolicy.REQUIRE_LOCKED) {
        LockFailures.failed(policy, capacity, why);
      }
      if (UNGUARDED_WARNED.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, why + "; secure buffers use unlocked off-heap memory"
            + " without guard pages or core-dump exclusion, and are still wiped on close");
      }
      return UnguardedMemory.allocate(capacity);
    }
    return Slab.fits(capacity) ? Slab.INSTANCE.allocate(capacity, policy) : OwnMapping.allocate(capacity, policy);
  }
}
