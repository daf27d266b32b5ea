package dev.sectools.audit;

import java.io.IOException;

/** An audit event could not be written, so the operation was refused ({@link AuditFailureMode#FAIL_CLOSED}). */
public final class AuditException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With the reason the log could not be written. */
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
