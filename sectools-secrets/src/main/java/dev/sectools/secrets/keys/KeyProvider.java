package dev.sectools.secrets.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * Where a store's key-encryption key (KEK) comes from: the key that wraps the store's data and
 * MAC keysets. The store records the provider's {@link #kind()} and the parameters it returned
 * when the store was created, and hands them back on every open.
 *
 * <p>sectools ships {@link PassphraseKeyProvider}, {@link KeychainKeyProvider},
 * {@link Pkcs11KeyProvider} and {@link MachineBoundKeyProvider}. This is a small SPI: any Tink
 * {@link com.google.crypto.tink.Aead}, a cloud KMS through a Tink {@code KmsClient} for example,
 * can be a KEK:
 *
 * <pre>{@code
 * KeyProvider kms = new KeyProvider() {
 *   public String kind() { return "gcp-kms"; }
 *   public WrappingKey create() throws GeneralSecurityException {
 *     byte[] uri = keyUri.getBytes(UTF_8);                 // stored in the store header
 *     return new WrappingKey(uri, kmsClient.getAead(keyUri));
 *   }
 *   public WrappingKey open(byte[] parameters) throws GeneralSecurityException {
 *     if (!keyUri.equals(new String(parameters, UTF_8))) { // a header must not pick the key
 *       throw new GeneralSecurityException("the store was made with another KMS key");
 *     }
 *     return new WrappingKey(parameters, kmsClient.getAead(keyUri));
 *   }
 * };
 * }</pre>
 *
 * <h2>Security</h2>
 * The parameters are stored in the clear in the store header: they must not be secret (a salt,
 * a key URI, a key label), and {@link #open} must treat them as untrusted input. Implementations
 * must fail with {@link GeneralSecurityException} when the key is not available, never fall
 * back to another key.
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
   * @throws IOException if the key's storage cannot be reached, preferably a
   *     {@link KeyStorageUnavailableException} naming the fix
   */
  WrappingKey create() throws GeneralSecurityException, IOException;

  /**
   * Recovers the KEK of an existing store from the parameters {@link #create()} returned.
   *
   * @throws GeneralSecurityException if the key is not available (wrong passphrase or PIN, a key
   *     gone from its keychain or token, denied by the KMS); the store reports it as access
   *     denied
   * @throws IOException if the key's storage cannot be reached (no keychain, no token, no KMS
   *     connection), preferably a {@link KeyStorageUnavailableException} naming the fix
   */
  WrappingKey open(byte[] parameters) throws GeneralSecurityException, IOException;
}
