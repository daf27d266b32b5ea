package dev.sectools.secrets;

/** Whether plain writes to a secret are allowed, or only check-and-set writes. */
public enum CheckAndSet {
  /** Plain {@code put} and check-and-set both allowed (the default). */
  OPTIONAL,
  /** Only {@code put(path, value, expectedVersion)}; a plain {@code put} is a conflict. */
  REQUIRED
}
