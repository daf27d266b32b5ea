package dev.sectools.fs;

/** Whether a write may replace an existing file. */
public enum WriteMode {
  /** Create the file, or atomically replace an existing regular file. The default. */
  REPLACE,
  /**
   * Create the file; fail with {@link java.nio.file.FileAlreadyExistsException} if the name
   * exists (checked atomically at commit, never by a separate look-up).
   */
  CREATE_NEW
}
