package dev.sectools.cache;

import java.io.Serial;
import java.security.GeneralSecurityException;

/**
 * Thrown by {@link VerifiedCache#putVerified} when the content given does not hash to the
 * SHA-256 the caller expected. Nothing was stored and any earlier entry for the key is intact.
 */
public final class ContentMismatchException extends GeneralSecurityException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the exception with the fixed message. */
  public ContentMismatchException() {
    super("content does not match the expected SHA-256");
  }
}
