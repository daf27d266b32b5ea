package dev.sectools.secrets;

import java.io.IOException;

/**
 * A check-and-set write found another current version than the caller expected, or a plain write
 * met a secret that requires check-and-set (CLI exit code 4). Nothing was written.
 */
public final class VersionConflictException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long expectedVersion;
  private final long currentVersion;

  /**
   * @param message what conflicted
   * @param expectedVersion the version the caller expected ({@code -1} if none was given)
   * @param currentVersion the current version found ({@code 0} if the secret does not exist)
   */
  public VersionConflictException(String message, long expectedVersion, long currentVersion) {
    super(message);
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }

  /** The version the caller expected, or {@code -1} for a plain write. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** The current version found ({@code 0}: no such secret). */
  public long currentVersion() {
    return currentVersion;
  }
}
