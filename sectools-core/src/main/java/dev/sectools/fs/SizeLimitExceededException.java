package dev.sectools.fs;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when a read or write goes past its size cap. The cap is enforced against the bytes
 * actually read or written, so a file that grows during a read is caught too.
 *
 * <p>The message names the path in the form the root's {@link PathDisplay} allows, and never any
 * file content.
 */
public final class SizeLimitExceededException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  private final long limitBytes;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param limitBytes the cap that was exceeded
   */
  public SizeLimitExceededException(String file, long limitBytes) {
    super(file, null, "size limit of " + limitBytes + " bytes exceeded");
    this.limitBytes = limitBytes;
  }

  /** The cap, in bytes, that was exceeded. */
  public long limitBytes() {
    return limitBytes;
  }
}
