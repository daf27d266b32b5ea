package dev.sectools.fs;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when a path would resolve outside its confinement root: an absolute path outside every allowed root, a {@code ..} segment (rejected by default, or climbing above the root), or a symbolic link pointing outside.
 *
 * <p>The message names the path in the form the root's {@link PathDisplay} allows, and never any
 * file content.
 */
public final class PathEscapeException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param reason what was refused and why
   */
  public PathEscapeException(String file, String reason) {
    super(file, null, reason);
  }
}
