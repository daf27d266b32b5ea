package dev.sectools.temp;

/** What {@link TempFile#close()} and {@link TempDirectory#close()} do with the file or tree. */
public enum DeleteOnClose {
  /** Remove it, never following a link; the default. */
  DELETE,
  /**
   * Leave it in place (close only the descriptors), for a caller that moves the result elsewhere
   * or must inspect it after a failure. The caller then owns its removal.
   */
  KEEP
}
