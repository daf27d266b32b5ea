package dev.sectools.fs;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when resolving a path meets a symbolic link that the {@link SymlinkPolicy} in force does not allow (under {@link SymlinkPolicy#DENY}, any link), or when a write or append would go through a final link.
 *
 * <p>The message names the path in the form the root's {@link PathDisplay} allows, and never any
 * file content.
 */
public final class SymlinkRefusedException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param reason what was refused and why
   */
  public SymlinkRefusedException(String file, String reason) {
    super(file, null, reason);
  }
}
