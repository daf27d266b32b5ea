package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.onlyIndexFile;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedCacheTest {
  @TempDir Path tmp;

  static KeysetHandle newKeyset() throws Exception {
    com.google.crypto.tink.mac.MacConfig.register();
    return KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
        PredefinedMacParameters.HMAC_SHA256_256BITTAG).withRandomId().makePrimary()).build();
  }

  private Path dir() {
    return tmp.resolve("cache");
  }

  @Test
  void get_afterPut_returnsBytes() throws Exception {
    byte[] data = bytes(400_000, 1);
    try (VerifiedCache cache = TestCaches.open(persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256))) {
      assertThat(cache).isInstanceOf(SignedCache.class);
      Sha256 sha = put(cache, "ref", data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void get_expiredEntry_missAndRemoved() throws Exception {
    MutableClock clock = new MutableClock();
    try (VerifiedCache cache = SignedCache.wrap(FileCache.open(persistent(dir()).build()), newKeyset(),
        Duration.ofHours(24), clock)) {
      Sha256 sha = put(cache, "ref", bytes(10, 2));
      clock.advance(Duration.ofHours(23));
      assertThat(get(cache, "ref", sha)).hasSize(10);
      clock.advance(Duration.ofHours(2));
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(cache.stats().entries()).isZero();
    }
  }

  /** A TTL past what an expiry time can hold failed every later put; it is refused up front. */
  @Test
  void wrap_ttlPastInstantRange_isRefusedAtOnce() throws Exception {
    try (VerifiedCache files = FileCache.open(persistent(dir()).build())) {
      for (Duration ttl : new Duration[] {java.time.temporal.ChronoUnit.FOREVER.getDuration(),
          CacheConfig.MAX_TTL.plusSeconds(1)}) {
        assertThatThrownBy(() -> SignedCache.wrap(files, newKeyset(), ttl)).as("%s", ttl)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 36500 days");
      }
      assertThat(SignedCache.wrap(files, newKeyset(), CacheConfig.MAX_TTL)).isNotNull();
    }
  }

  @Test
  void get_signedMetadataTampered_missAndRemoved() throws Exception {
    try (VerifiedCache cache = SignedCache.wrap(FileCache.open(persistent(dir()).build()), newKeyset(), null)) {
      Sha256 sha = put(cache, "ref", bytes(10, 3));
      Path record = onlyIndexFile(dir());
      byte[] b = Files.readAllBytes(record);
      // flip a byte of the signed expiry, then fix the record's own checksum as an attacker could
      int signedStart = indexOf(b, new byte[] {'S', 'I', 'G', '2'});
      b[signedStart + 4 + 32 + 16] ^= 0x7f;
      byte[] body = java.util.Arrays.copyOf(b, b.length - 32);
      byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      System.arraycopy(sum, 0, b, b.length - 32, 32);
      Files.write(record, b);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(record).doesNotExist();
    }
  }

  @Test
  void get_chunkTagInSignedRecordReplaced_missAndRemoved() throws Exception {
    try (VerifiedCache cache = SignedCache.wrap(FileCache.open(persistent(dir()).build()), newKeyset(), null,
        java.time.InstantSource.system(), CacheConfig.ChunkTagging.ALWAYS)) {
      byte[] data = bytes(10, 5);
      Sha256 sha = put(cache, "ref", data);
      Path record = onlyIndexFile(dir());
      byte[] b = Files.readAllBytes(record);
      // the record ends: ... chunk tags (16 bytes each) | Tink HMAC tag (5 + 32) | record checksum (32)
      b[b.length - 32 - 37 - 1] ^= 0x01;
      byte[] body = java.util.Arrays.copyOf(b, b.length - 32);
      byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      System.arraycopy(sum, 0, b, b.length - 32, 32);
      Files.write(record, b);
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(record).doesNotExist();
    }
  }

  @Test
  void get_entryOfForeignOwnerUid_missAndRemoved() throws Exception {
    KeysetHandle keyset = newKeyset();
    Sha256 sha;
    try (VerifiedCache cache = SignedCache.wrap(FileCache.open(persistent(dir()).build()), keyset, null)) {
      sha = put(cache, "ref", bytes(10, 4));
    }
    // the same key, but a cache whose user is another uid: the signed owner does not match
    try (SignedCache other = new SignedCacheForUid(dir(), keyset, 65534).cache) {
      assertThatThrownBy(() -> other.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(other.stats().entries()).isZero();
    }
  }

  /** Opens a signed cache that believes it runs as {@code uid}. */
  private static final class SignedCacheForUid {
    final SignedCache cache;

    SignedCacheForUid(Path dir, KeysetHandle keyset, long uid) throws Exception {
      FileCache files = FileCache.open(persistent(dir).build());
      this.cache = SignedCache.forUid(files, keyset, null, java.time.InstantSource.system(), uid);
    }
  }

  private static int indexOf(byte[] b, byte[] pattern) {
    outer:
    for (int i = 0; i <= b.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (b[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }
}
