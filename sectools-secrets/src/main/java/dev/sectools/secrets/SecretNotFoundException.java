package dev.sectools.secrets;

import java.io.IOException;

/** No such secret, or no such version of it (CLI exit code 3). */
public final class SecretNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message what was not found; names a path only when the store is set to show paths */
  public SecretNotFoundException(String message) {
    super(message);
  }
}
