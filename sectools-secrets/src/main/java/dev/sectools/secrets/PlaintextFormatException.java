package dev.sectools.secrets;

import java.io.IOException;

/**
 * Plaintext for {@link SecretStore#importPlaintextInsecure import} is malformed (the message
 * gives the line and what was expected, never a value), or a secret cannot be written in the
 * chosen {@link PlaintextFormat} by {@link SecretStore#exportPlaintextInsecure export} (CLI exit
 * code 2). Nothing is imported; an export to a file leaves no file.
 */
public final class PlaintextFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message the line and the rule broken; never a value */
  public PlaintextFormatException(String message) {
    super(message);
  }
}
