package dev.sectools.memory;

/**
 * What a {@link SecureBuffer} does when its memory cannot be locked in RAM ({@code mlock}), for
 * example because {@code RLIMIT_MEMLOCK} is used up or the platform cannot lock memory.
 */
public enum MemoryPolicy {
  /**
   * Fail with {@link MemoryLockException}: the secret is never held in memory that could be
   * swapped out. Choose this when a secret on swap is worse than no service.
   */
  REQUIRE_LOCKED,
  /**
   * Use the memory unlocked, log one warning per process (logger {@code dev.sectools.memory}),
   * and report {@link SecureBuffer#isLocked()} {@code false}. Guard pages, the canary, the
   * core-dump exclusion and wiping still apply where the platform offers them. The default.
   */
  BEST_EFFORT
}
