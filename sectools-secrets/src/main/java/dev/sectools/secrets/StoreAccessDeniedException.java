package dev.sectools.secrets;

import java.security.GeneralSecurityException;

/**
 * The store's keys could not be unlocked: wrong passphrase, missing key, or a key provider of
 * another kind than the store was created with (CLI exit code 6). The message does not say which
 * step failed.
 */
public final class StoreAccessDeniedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** @param message a message that does not depend on where unlocking failed */
  public StoreAccessDeniedException(String message) {
    super(message);
  }
}
