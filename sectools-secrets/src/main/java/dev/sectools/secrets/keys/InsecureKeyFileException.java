package dev.sectools.secrets.keys;

import java.io.Serial;
import java.nio.file.FileSystemException;

/**
 * Thrown when a key file is not private: not a regular file, a link, owned by another user,
 * open to group or others, or with more than one hard link. The file is not read.
 */
public final class InsecureKeyFileException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param file the key file's name
   * @param reason what is wrong with it, without secrets
   */
  public InsecureKeyFileException(String file, String reason) {
    super(file, null, reason);
  }
}
