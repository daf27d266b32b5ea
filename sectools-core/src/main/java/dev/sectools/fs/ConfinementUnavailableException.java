package dev.sectools.fs;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when this platform cannot confine path resolution (neither {@code openat2} nor the descriptor walk is available) and the caller did not explicitly allow {@link Resolution#ALLOW_INSECURE_PATH_CHECKS}.
 *
 * <p>The message names the path in the form the root's {@link PathDisplay} allows, and never any
 * file content.
 */
public final class ConfinementUnavailableException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param reason what was refused and why
   */
  public ConfinementUnavailableException(String file, String reason) {
    super(file, null, reason);
  }
}
