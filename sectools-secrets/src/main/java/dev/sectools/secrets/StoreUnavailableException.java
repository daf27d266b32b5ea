package dev.sectools.secrets;

import java.io.IOException;

/**
 * The store's database server could not be reached, or the connection broke. If it broke during
 * a write, that write may or may not have been committed: read before writing again (a
 * check-and-set write makes the retry safe).
 */
public final class StoreUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   * @param cause the driver's report
   */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
