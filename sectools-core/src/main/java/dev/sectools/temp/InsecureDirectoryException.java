package dev.sectools.temp;

import java.io.Serial;
import java.nio.file.FileSystemException;
import java.util.Objects;

/**
 * Thrown when a directory is not safe to create temp files in, or is not private when it must
 * be: {@link #problem()} says why. The message names the path in the form the caller allowed
 * ({@link dev.sectools.fs.PathDisplay}), never any file content.
 */
public final class InsecureDirectoryException extends FileSystemException {
  @Serial private static final long serialVersionUID = 1L;

  /** Why a directory was refused. */
  public enum Problem {
    /** The name is a symbolic link; it is never followed. */
    SYMLINK,
    /** The name exists but is not a directory. */
    NOT_A_DIRECTORY,
    /** The directory is owned by another user (for a temp base: neither the current user nor root). */
    FOREIGN_OWNER,
    /** Group or others may write to the directory and its sticky bit is not set. */
    WRITABLE_WITHOUT_STICKY_BIT,
    /** Group or others have some permission on a directory that must be private. */
    GROUP_OR_OTHER_ACCESS
  }

  private final Problem problem;

  /**
   * Creates the exception.
   *
   * @param file the path as it may be shown (already redacted if required)
   * @param problem why the directory was refused
   * @param detail a human explanation, without secrets
   */
  public InsecureDirectoryException(String file, Problem problem, String detail) {
    super(file, null, Objects.requireNonNull(problem, "problem") + ": " + detail);
    this.problem = problem;
  }

  /** Why the directory was refused. */
  public Problem problem() {
    return problem;
  }
}
