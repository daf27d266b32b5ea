package dev.sectools.secrets;

import java.io.IOException;

/** Another process or thread held the store locked for longer than the busy timeout. */
public final class StoreBusyException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what waited, and for how long
   * @param cause the database's report
   */
  public StoreBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
