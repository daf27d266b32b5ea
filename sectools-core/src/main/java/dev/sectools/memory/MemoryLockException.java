package dev.sectools.memory;

import java.io.Serial;

/**
 * Thrown under {@link MemoryPolicy#REQUIRE_LOCKED} when secure memory cannot be locked in RAM:
 * {@code RLIMIT_MEMLOCK} is used up, or the platform cannot lock memory at all.
 *
 * <p>Unchecked, like {@link OutOfMemoryError}, because every allocation could throw it and most
 * callers cannot recover; a caller that can (by freeing other buffers, or falling back to
 * {@link MemoryPolicy#BEST_EFFORT}) catches it. The message says which limit was hit and how to
 * raise it, never any content.
 */
public final class MemoryLockException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says why locking failed. */
  public MemoryLockException(String message) {
    super(message);
  }
}
