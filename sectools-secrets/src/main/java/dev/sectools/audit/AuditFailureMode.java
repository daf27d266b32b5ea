package dev.sectools.audit;

/** What an operation does when its audit event cannot be written. */
public enum AuditFailureMode {
  /**
   * The operation fails with {@link AuditException} (the default, as Vault does): a read returns
   * nothing. A write is already committed when its event is written after it, so the caller
   * sees the exception and the change stays; the failure itself goes to {@code System.Logger}.
   */
  FAIL_CLOSED,
  /** The operation succeeds; the failure to write the event goes to {@code System.Logger} at ERROR. */
  BEST_EFFORT
}
