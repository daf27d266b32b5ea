package dev.sectools.secrets;

/**
 * A secret path breaks the rules of {@link SecretStore}: it must be {@code namespace/name…} with
 * at least two segments, no empty segment, no {@code .} or {@code ..} segment, no control
 * character, and at most {@value SecretStore#MAX_PATH_BYTES} bytes in UTF-8 (CLI exit code 2).
 * Unchecked: a path is the caller's input to validate.
 */
public final class InvalidSecretPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message the rule broken (never the path itself, unless the store shows paths) */
  public InvalidSecretPathException(String message) {
    super(message);
  }
}
