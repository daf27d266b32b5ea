package dev.sectools.memory;

import java.io.Serial;

/**
 * Thrown when a {@link SecureBuffer} is closed and the canary beside its bytes has changed:
 * something (native code, a JNI or FFM bug, a stray pointer) wrote past the buffer's end or before
 * its start. The process's memory can no longer be trusted, so this is an {@link Error}, not an
 * exception to recover from. The buffer's bytes are zeroed before it is thrown and its memory is
 * never reused.
 */
public final class MemoryCorruptionError extends Error {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the error with a message that says what was found, never any content. */
  public MemoryCorruptionError(String message) {
    super(message);
  }
}
