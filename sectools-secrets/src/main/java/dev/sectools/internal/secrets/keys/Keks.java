package dev.sectools.internal.secrets.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Key-encryption keys held in memory: AES-256-GCM through Tink, from raw key bytes. */
public final class Keks {
  /** Bytes in a KEK. */
  public static final int KEY_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Keks() {}

  /**
   * An AES-256-GCM AEAD (12-byte IV, 16-byte tag, no Tink prefix) under {@code key}. Tink keeps
   * its own copy; the caller wipes {@code key}.
   *
   * @throws GeneralSecurityException if {@code key} is not {@value #KEY_BYTES} bytes
   */
  public static Aead aesGcm(byte[] key) throws GeneralSecurityException {
    if (key.length != KEY_BYTES) {
      throw new GeneralSecurityException("a key-encryption key has " + KEY_BYTES + " bytes");
    }
    AesGcmKey aesKey = AesGcmKey.builder()
        .setParameters(AesGcmParameters.builder()
            .setKeySizeBytes(KEY_BYTES)
            .setIvSizeBytes(12)
            .setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
            .build())
        .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
        .build();
    return AesGcmJce.create(aesKey);
  }

  /** {@code n} bytes from a {@link SecureRandom}. */
  public static byte[] random(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  /** {@code n} random bytes as lower-case hex: a name nobody can guess or collide with. */
  public static String randomName(String prefix, int n) {
    return prefix + java.util.HexFormat.of().formatHex(random(n));
  }
}
