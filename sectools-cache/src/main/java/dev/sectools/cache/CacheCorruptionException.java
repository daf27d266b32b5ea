package dev.sectools.cache;

import java.io.Serial;
import java.security.GeneralSecurityException;

/**
 * Thrown by {@link VerifiedCache#get} when a stored entry fails verification: its bytes do not
 * hash to the expected SHA-256, it fails AES-GCM authentication, or its file was replaced by a
 * link, a FIFO or a file with several links. The entry has been removed by the time this is
 * thrown, so the next {@code get} is a miss and the next {@code put} heals it.
 *
 * <p>The message is always "cache entry failed verification": it never says which check failed,
 * which key was used, or where the file is.
 */
public final class CacheCorruptionException extends GeneralSecurityException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the exception with the fixed, opaque message. */
  public CacheCorruptionException() {
    super("cache entry failed verification");
  }
}
