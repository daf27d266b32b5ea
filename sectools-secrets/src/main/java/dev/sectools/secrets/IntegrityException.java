package dev.sectools.secrets;

import java.security.GeneralSecurityException;

/**
 * Stored data failed its integrity check: a ciphertext was changed, moved to another secret,
 * version or store, or the store's keys do not match it (CLI exit code 5). The message is the
 * same whatever failed; the data is never returned.
 */
public final class IntegrityException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** An integrity failure with the uniform message. */
  public IntegrityException() {
    super("integrity check failed");
  }
}
