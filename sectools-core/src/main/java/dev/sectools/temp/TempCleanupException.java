package dev.sectools.temp;

import java.io.IOException;
import java.io.Serial;
import java.util.List;

/**
 * Thrown by {@link TempFile#close()} and {@link TempDirectory#close()} when a temp file or tree
 * could not be removed completely (or, under {@link Overwrite#ZEROS}, not every file could be
 * overwritten). {@link #remaining()} lists what is still there; the first failure is the
 * {@linkplain #getCause() cause}, later ones are {@linkplain #getSuppressed() suppressed}.
 *
 * <p>Descriptors are closed whatever happens: calling {@code close()} again does not retry.
 */
public final class TempCleanupException extends IOException {
  @Serial private static final long serialVersionUID = 1L;

  /** The most names {@link #remaining()} lists; a larger leftover tree is cut off there. */
  public static final int MAX_LISTED = 1000;

  @SuppressWarnings("serial") // an immutable List.copyOf of strings
  private final List<String> remaining;

  /**
   * Creates the exception.
   *
   * @param display the temp file or directory, as it may be shown (already redacted if required)
   * @param remaining what remains, as shown names relative to the temp directory's parent
   * @param cause the first failure
   */
  public TempCleanupException(String display, List<String> remaining, Throwable cause) {
    super("could not fully remove " + display + ": " + remaining.size()
        + (remaining.size() >= MAX_LISTED ? "+" : "") + " entries remain"
        + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    this.remaining = List.copyOf(remaining);
  }

  /**
   * What could not be removed, each name relative to the base directory (for example
   * {@code "app-xxxx/sub/file"}), shown as the caller's {@link dev.sectools.fs.PathDisplay}
   * allows; empty if everything was removed but an overwrite failed. At most {@link #MAX_LISTED}.
   */
  public List<String> remaining() {
    return remaining;
  }
}
