package dev.sectools.secrets;

/** Where a secret stands against its rotation policy. */
public enum RotationState {
  /** Within its maximum age, before any warning window. */
  CURRENT,
  /** Inside a warning window: rotate soon. */
  DUE_SOON,
  /** Past its maximum age. */
  EXPIRED
}
