package dev.sectools.secrets;

import java.io.IOException;

/**
 * The location holds no store, a damaged one (empty, truncated, not a database), or one written by
 * a newer sectools whose format this version cannot read (CLI exit code 5). Nothing is changed.
 */
public final class StoreFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong with the store */
  public StoreFormatException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong with the store
   * @param cause the underlying failure
   */
  public StoreFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
