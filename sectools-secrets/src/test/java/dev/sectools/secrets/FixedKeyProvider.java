package dev.sectools.secrets;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.WrappingKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A key provider of another kind than the passphrase, with no KDF cost: the KEK is SHA-256 of a
 * secret and a per-store salt. For tests that restore hundreds of times, and for restores across
 * provider kinds.
 */
final class FixedKeyProvider implements KeyProvider {
  static final String KIND = "test-fixed";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] secret;

  FixedKeyProvider(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public WrappingKey create() throws GeneralSecurityException {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return open(salt);
  }

  @Override
  public WrappingKey open(byte[] parameters) throws GeneralSecurityException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(secret);
    byte[] key = sha.digest(parameters);
    AesGcmKey aes = AesGcmKey.builder()
        .setParameters(AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX).build())
        .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
        .build();
    return new WrappingKey(parameters, AesGcmJce.create(aes));
  }
}
