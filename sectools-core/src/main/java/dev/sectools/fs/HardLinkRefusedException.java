package dev.sectools.fs;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when a file has more than one hard link and {@link HardLinkPolicy#REFUSE_MULTIPLE} is in force: another name for the same file may live outside the root.
 *
 * <p>The message names the path in the form the root's {@link PathDisplay} allows, and never any
 * file content.
 */
public final class HardLinkRefusedException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param reason what was refused and why
   */
  public HardLinkRefusedException(String file, String reason) {
    super(file, null, reason);
  }
}
