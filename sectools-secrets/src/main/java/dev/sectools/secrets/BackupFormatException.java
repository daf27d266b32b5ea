package dev.sectools.secrets;

import java.io.IOException;

/**
 * The input is not a sectools backup (wrong magic bytes, empty), or one written by a newer
 * sectools whose format this version cannot read (CLI exit code 5). A backup that is recognised
 * but fails verification (changed, truncated, from another store) gives an
 * {@link IntegrityException} instead. Nothing is restored.
 */
public final class BackupFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong with the input; never a byte of it */
  public BackupFormatException(String message) {
    super(message);
  }
}
