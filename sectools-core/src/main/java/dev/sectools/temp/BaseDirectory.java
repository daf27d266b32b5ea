package dev.sectools.temp;

/** Well-known places to create temp files and directories in. */
public enum BaseDirectory {
  /** The {@code java.io.tmpdir} system property (usually {@code /tmp}); the default. */
  JAVA_IO_TMPDIR,
  /**
   * {@code $XDG_RUNTIME_DIR}: on systemd Linux a per-user, {@code 0700}, memory-backed directory
   * removed at logout, so temp data never reaches the disk and no other user can even list it.
   * Creation fails with {@link java.nio.file.NoSuchFileException} when the variable is not set.
   */
  XDG_RUNTIME_DIR
}
