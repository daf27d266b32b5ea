package dev.sectools.fs;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when an operation that reads or replaces a file meets something else: a directory, FIFO, socket or device. Detected without blocking: FIFOs are opened non-blocking and inspected before any read.
 *
 * <p>The message names the path in the form the root's {@link PathDisplay} allows, and never any
 * file content.
 */
public final class NotRegularFileException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param reason what was refused and why
   */
  public NotRegularFileException(String file, String reason) {
    super(file, null, reason);
  }
}
