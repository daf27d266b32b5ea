package dev.sectools.fs;

/** How much a write waits for stable storage before it returns. */
public enum Durability {
  /** No {@code fsync}: the data may be lost on power failure (still atomic against crashes). */
  NONE,
  /** {@code fsync} the file before it is renamed into place. */
  FILE,
  /**
   * {@code fsync} the file, rename it into place, then {@code fsync} the directory so the new
   * name survives a power failure too. The default.
   */
  FILE_AND_DIRECTORY
}
