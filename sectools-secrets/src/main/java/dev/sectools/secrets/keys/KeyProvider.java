package dev.sectools.secrets.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * Where a store's key-encryption key (KEK) comes from: the key that wraps the store's data and
 * MAC keysets. The store records the provider's {@link #kind()} and the parameters it returned
 * when the store was created, and hands them back on every open.
 *
 * <p>This is a small SPI: besides the providers sectools ships ({@link PassphraseKeyProvider}),
 * any Tink {@link com.google.crypto.tink.Aead}, a cloud KMS through a Tink
 * {@code KmsClient} for example, can be a KEK:
 *
 * <pre>{@code
 * KeyProvider kms = new KeyProvider() {
 *   public String kind() { return "gcp-kms"; }
 *   public WrappingKey create() throws GeneralSecurityException {
 *     byte[] uri = keyUri.getBytes(UTF_8);                 // stored in the store header
 *     return new WrappingKey(uri, kmsClient.getAead(keyUri));
 *   }
 *   public WrappingKey open(byte[] parameters) throws GeneralSecurityException {
 *     return new WrappingKey(parameters, kmsClient.getAead(new String(parameters, UTF_8)));
 *   }
 * };
 * }</pre>
 *
 * <h2>Security</h2>
 * The parameters are stored in the clear in the store header: they must not be secret (a salt,
 * a key URI, a token label). Implementations must fail with {@link GeneralSecurityException}
 * when the key is not available, never fall back to another key.
 */
public interface KeyProvider {
  /**
   * A short, stable name for this kind of provider ({@code "passphrase"}, {@code "pkcs11"}, …).
   * A store opened with a provider of another kind is refused.
   */
  String kind();

  /**
   * Makes the KEK of a new store.
   *
   * @throws GeneralSecurityException if the key cannot be made
   * @throws IOException if the key's storage cannot be reached
   */
  WrappingKey create() throws GeneralSecurityException, IOException;

  /**
   * Recovers the KEK of an existing store from the parameters {@link #create()} returned.
   *
   * @throws GeneralSecurityException if the key is not available (wrong passphrase, missing
   *     token, denied by the KMS); the store reports it as access denied
   * @throws IOException if the key's storage cannot be reached
   */
  WrappingKey open(byte[] parameters) throws GeneralSecurityException, IOException;
}
