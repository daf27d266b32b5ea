package dev.sectools.internal.secrets.keys;

import com.google.crypto.tink.Aead;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A Tink {@link Aead} whose key never leaves a PKCS#11 token: AES/GCM runs inside the token
 * through the SunPKCS11 {@code provider} that holds {@code key}. A ciphertext is a 12-byte random
 * IV followed by the token's output (ciphertext and 16-byte tag).
 *
 * <p>Used instead of AES key wrap, which SunPKCS11 cannot do against SoftHSM 2.6.1
 * ({@code CKR_ARGUMENTS_BAD}). Safe for concurrent use: each call takes its own {@link Cipher}.
 */
public final class TokenAead implements Aead {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Provider provider;
  private final Key key;

  /**
   * @param provider the SunPKCS11 instance logged in to the token
   * @param key a handle to the token's AES key
   */
  public TokenAead(Provider provider, Key key) {
    this.provider = provider;
    this.key = key;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(associatedData == null ? new byte[0] : associatedData);
    byte[] sealed = cipher.doFinal(plaintext);
    return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < IV_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher cipher = Cipher.getInstance(TRANSFORMATION, provider);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_BYTES));
    cipher.updateAAD(associatedData == null ? new byte[0] : associatedData);
    try {
      return cipher.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
    } catch (GeneralSecurityException | RuntimeException e) {
      // SunPKCS11 reports a bad tag from SoftHSM as CKR_GENERAL_ERROR: one opaque message for all.
      throw new GeneralSecurityException("decryption failed");
    }
  }

  @Override
  public String toString() {
    return "TokenAead[" + provider.getName() + "]";
  }
}
