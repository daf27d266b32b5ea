package dev.sectools.secrets.keys;

import com.google.crypto.tink.Aead;
import java.util.Objects;

/**
 * A key-encryption key as a {@link KeyProvider} hands it to the store: the Tink {@link Aead} that
 * wraps and unwraps the store's keysets, and the non-secret parameters needed to get it back.
 *
 * <p>{@code toString()} shows neither the parameters nor the key.
 */
public final class WrappingKey {
  private final byte[] parameters;
  private final Aead aead;

  /**
   * @param parameters what {@link KeyProvider#open(byte[])} needs to recover this key; stored in
   *     the clear, so never secret
   * @param aead encrypts and decrypts with the key
   */
  public WrappingKey(byte[] parameters, Aead aead) {
    this.parameters = Objects.requireNonNull(parameters, "parameters").clone();
    this.aead = Objects.requireNonNull(aead, "aead");
  }

  /** The parameters to store (a copy). */
  public byte[] parameters() {
    return parameters.clone();
  }

  /** The key, as an AEAD. */
  public Aead aead() {
    return aead;
  }

  @Override
  public String toString() {
    return "WrappingKey[" + parameters.length + " parameter bytes]";
  }
}
