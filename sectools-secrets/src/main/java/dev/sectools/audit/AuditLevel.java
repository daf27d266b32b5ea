package dev.sectools.audit;

/** How much an audit event matters, from routine to an attack in progress. */
public enum AuditLevel {
  /** Detail for debugging. */
  DEBUG,
  /** A routine operation that succeeded. */
  INFO,
  /** Degraded security (a fallback key provider), or an operation refused for the caller's reason. */
  WARN,
  /** An operation failed: access denied, the store busy or unreadable. */
  ERROR,
  /** Integrity failure: tampered or foreign data was found. */
  CRITICAL
}
