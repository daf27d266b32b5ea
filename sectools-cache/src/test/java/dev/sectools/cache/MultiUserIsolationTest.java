package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two users (two keys) over one cache directory: neither reads, nor overwrites, the other's
 * entries. The attack: user B asks for the key and SHA-256 user A stored.
 */
class MultiUserIsolationTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("shared");
  }

  private void assertIsolated(CacheConfig.Builder a, CacheConfig.Builder b) throws Exception {
    byte[] dataA = bytes(300_000, 1);
    byte[] dataB = bytes(300_000, 2);
    try (VerifiedCache userA = TestCaches.open(a); VerifiedCache userB = TestCaches.open(b)) {
      Sha256 shaA = put(userA, "ref", dataA);
      assertThatThrownBy(() -> userB.get(NS, "ref", shaA)).isInstanceOf(CacheMissException.class);
      Sha256 shaB = put(userB, "ref", dataB); // same namespace and key
      assertThat(get(userA, "ref", shaA)).as("B's put did not overwrite A's entry").isEqualTo(dataA);
      assertThat(get(userB, "ref", shaB)).isEqualTo(dataB);
      assertThatThrownBy(() -> userA.get(NS, "ref", shaB)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void get_signedCacheWithOtherKeyOverSameDirectory_seesNothing() throws Exception {
    assertIsolated(
        persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256, SignedCacheTest.newKeyset()),
        persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256, SignedCacheTest.newKeyset()));
  }

  @Test
  void get_encryptedCacheWithOtherKeyOverSameDirectory_seesNothing() throws Exception {
    assertIsolated(
        persistent(dir()).encryption(CacheConfig.Encryption.AES256_GCM, EncryptedCacheTest.newKeyset()),
        persistent(dir()).encryption(CacheConfig.Encryption.AES256_GCM, EncryptedCacheTest.newKeyset()));
  }

  @Test
  void get_signedAndEncryptedWithOtherKeys_seesNothing() throws Exception {
    assertIsolated(
        persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256, SignedCacheTest.newKeyset())
            .encryption(CacheConfig.Encryption.AES256_GCM, EncryptedCacheTest.newKeyset()),
        persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256, SignedCacheTest.newKeyset())
            .encryption(CacheConfig.Encryption.AES256_GCM, EncryptedCacheTest.newKeyset()));
  }

  @Test
  void get_ephemeralCachesOfOneProcess_shareNothing() throws Exception {
    try (VerifiedCache a = VerifiedCache.open(CacheConfig.defaults());
        VerifiedCache b = VerifiedCache.open(CacheConfig.defaults())) {
      Sha256 sha = put(a, "ref", bytes(10, 3));
      assertThatThrownBy(() -> b.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }
}
