package dev.sectools.secrets;

/** The state of one data key of a store. */
public enum KeyState {
  /** Encrypts new versions; there is exactly one. */
  PRIMARY,
  /** Decrypts the versions it encrypted. */
  ENABLED,
  /** Kept but unusable; only a key that encrypts nothing can be disabled, then destroyed. */
  DISABLED
}
