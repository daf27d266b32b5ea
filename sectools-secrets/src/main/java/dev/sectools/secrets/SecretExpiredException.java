package dev.sectools.secrets;

import java.io.IOException;
import java.time.Instant;

/** A secret is past its rotation deadline and its policy refuses reads (CLI exit code 8). */
public final class SecretExpiredException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Instant expired;

  /**
   * @param message which secret (path only if the store shows paths)
   * @param expired when it expired
   */
  public SecretExpiredException(String message, Instant expired) {
    super(message);
    this.expired = expired;
  }

  /** When the secret expired. */
  public Instant expired() {
    return expired;
  }
}
