package dev.sectools.secrets.keys;

import java.io.IOException;
import java.io.Serial;

/**
 * Thrown when the place a key lives cannot be reached: no Secret Service on the session bus, a
 * keyring that is locked, a PKCS#11 library or token that is not there, a machine without a
 * machine id. The message names what is missing and how to provide it; it never holds a key, a
 * PIN or a passphrase.
 *
 * <p>This is an environment problem, not a wrong key: the store was not tried. A key that is
 * reachable but wrong or gone (a deleted keychain entry, a token without the key, a wrong PIN)
 * is a {@link java.security.GeneralSecurityException} instead, reported by the store as access
 * denied.
 */
public final class KeyStorageUnavailableException extends IOException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing and how to fix it, without secrets
   */
  public KeyStorageUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that revealed the problem.
   *
   * @param message what is missing and how to fix it, without secrets
   * @param cause the underlying failure (its message must hold no secret either)
   */
  public KeyStorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
