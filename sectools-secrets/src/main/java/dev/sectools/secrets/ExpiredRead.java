package dev.sectools.secrets;

/** What reading a secret past its rotation deadline does. */
public enum ExpiredRead {
  /** Return the value and log a warning (once per secret per opened store). */
  WARN,
  /** Refuse with {@link SecretExpiredException}. */
  REFUSE
}
