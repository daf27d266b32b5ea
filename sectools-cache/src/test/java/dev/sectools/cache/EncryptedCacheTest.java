package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.flipByte;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedCacheTest {
  @TempDir Path tmp;

  static KeysetHandle newKeyset() throws Exception {
    com.google.crypto.tink.streamingaead.StreamingAeadConfig.register();
    return KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
        PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB).withRandomId().makePrimary()).build();
  }

  private Path dir() {
    return tmp.resolve("cache");
  }

  private VerifiedCache open(KeysetHandle keyset) throws Exception {
    return TestCaches.open(persistent(dir()).encryption(CacheConfig.Encryption.AES256_GCM, keyset));
  }

  private java.util.List<Path> files(String sub) throws Exception {
    try (var s = Files.walk(dir().resolve(sub))) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void get_afterPut_returnsPlaintextOverSeveralSegments() throws Exception {
    byte[] data = bytes(3 * 1024 * 1024 + 17, 1);
    try (VerifiedCache cache = open(newKeyset())) {
      assertThat(cache).isInstanceOf(EncryptedCache.class);
      Sha256 sha = put(cache, "ref", data);
      assertThat(sha).isEqualTo(Sha256.of(data));
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void put_filesHoldNoPlaintextNorKeyName() throws Exception {
    byte[] canary = "CANARY-0123456789-CANARY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] data = new byte[100_000];
    for (int i = 0; i + canary.length <= data.length; i += canary.length) {
      System.arraycopy(canary, 0, data, i, canary.length);
    }
    try (VerifiedCache cache = open(newKeyset())) {
      cache.put(NS, "secret-key-name", new ByteArrayInputStream(data));
    }
    for (Path f : files(".")) {
      String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(text).as(f.toString()).doesNotContain("CANARY").doesNotContain("secret-key-name");
    }
  }

  @Test
  void get_persistentReopenedWithSameKeyset_readable() throws Exception {
    KeysetHandle keyset = newKeyset();
    byte[] data = bytes(5000, 2);
    Sha256 sha;
    try (VerifiedCache cache = open(keyset)) {
      sha = put(cache, "ref", data);
    }
    try (VerifiedCache cache = open(keyset)) {
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void get_ciphertextByteFlipped_corruptionRemovedHealedByPut() throws Exception {
    byte[] data = bytes(2 * 1024 * 1024, 3);
    try (VerifiedCache cache = open(newKeyset())) {
      Sha256 sha = put(cache, "ref", data);
      Path content = files("content").getFirst();
      flipByte(content, 1_500_000);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      put(cache, "ref", data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void get_ciphertextTruncatedAtSegmentBoundaryOrExtended_corruption() throws Exception {
    byte[] data = bytes(2 * 1024 * 1024 + 5, 4);
    try (VerifiedCache cache = open(newKeyset())) {
      Sha256 sha = put(cache, "ref", data);
      Path content = files("content").getFirst();
      byte[] cipher = Files.readAllBytes(content);
      Files.write(content, java.util.Arrays.copyOf(cipher, cipher.length - 21));
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      put(cache, "ref", data);
      content = files("content").getFirst();
      Files.write(content, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
    }
  }

  @Test
  void openStream_afterPut_streamsPlaintextOverSeveralSegments() throws Exception {
    byte[] data = bytes(3 * 1024 * 1024 + 17, 11);
    try (VerifiedCache cache = open(newKeyset())) {
      Sha256 sha = put(cache, "ref", data);
      try (java.io.InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.read()).isEqualTo(-1);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      try (java.io.InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThat(in.transferTo(out)).isEqualTo(data.length);
      }
      assertThat(out.toByteArray()).isEqualTo(data);
      assertThat(cache.stats().hits()).isEqualTo(2);
    }
  }

  @Test
  void openStream_ciphertextByteFlippedInThirdSegment_authenticPrefixThenCorruptionEntryRemoved() throws Exception {
    byte[] data = bytes(4 * 1024 * 1024, 12);
    try (VerifiedCache cache = open(newKeyset())) {
      Sha256 sha = put(cache, "ref", data);
      Path content = files("content").getFirst();
      flipByte(content, 2_500_000);
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      try (java.io.InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThatThrownBy(() -> {
          byte[] buf = new byte[10_000];
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            got.write(buf, 0, n);
          }
        }).isInstanceOf(CacheStreamCorruptionException.class).hasCauseInstanceOf(CacheCorruptionException.class);
      }
      byte[] prefix = got.toByteArray();
      assertThat(prefix.length).as("two authenticated segments, nothing of the third").isBetween(1, 2_500_000);
      assertThat(prefix).isEqualTo(java.util.Arrays.copyOf(data, prefix.length));
      assertThat(cache.stats().corruptions()).isEqualTo(1);
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void openStream_ciphertextTruncatedAtSegmentBoundaryOrExtended_corruption() throws Exception {
    byte[] data = bytes(2 * 1024 * 1024 + 5, 13);
    try (VerifiedCache cache = open(newKeyset())) {
      Sha256 sha = put(cache, "ref", data);
      Path content = files("content").getFirst();
      byte[] cipher = Files.readAllBytes(content);
      Files.write(content, java.util.Arrays.copyOf(cipher, cipher.length - 21));
      try (java.io.InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(CacheStreamCorruptionException.class);
      }
      put(cache, "ref", data);
      content = files("content").getFirst();
      Files.write(content, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).as("larger than its record: refused at open")
          .isInstanceOf(CacheCorruptionException.class);
    }
  }

  @Test
  void get_entryMovedToAnotherKey_failsAuthentication() throws Exception {
    byte[] data = bytes(1000, 5);
    try (VerifiedCache cache = open(newKeyset())) {
      Sha256 sha = put(cache, "a", data);
      Path recordA = files("index").getFirst();
      byte[] a = Files.readAllBytes(recordA);
      put(cache, "b", bytes(1000, 6));
      Path recordB = files("index").stream().filter(p -> !p.equals(recordA)).findFirst().orElseThrow();
      // the attacker copies a's record under b's name: a miss (the record names key a) ...
      Files.write(recordB, a);
      assertThatThrownBy(() -> cache.get(NS, "b", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void wrap_memoryCache_encryptsInMemory() throws Exception {
    byte[] data = bytes(2_500_000, 7);
    try (VerifiedCache cache = TestCaches.open(CacheConfig.builder().backend(CacheConfig.Backend.MEMORY)
        .encryption(CacheConfig.Encryption.AES256_GCM))) {
      Sha256 sha = put(cache, "ref", data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
      assertThat(cache.stats().bytes()).as("ciphertext is larger").isGreaterThan(data.length);
    }
  }

  @Test
  void putVerified_mismatch_refusedNothingStored() throws Exception {
    try (VerifiedCache cache = open(newKeyset())) {
      assertThatThrownBy(() -> cache.putVerified(NS, "ref", new ByteArrayInputStream(new byte[3]),
          Sha256.of(new byte[4]))).isInstanceOf(ContentMismatchException.class);
      assertThat(cache.stats().entries()).isZero();
      assertThat(files("content")).isEmpty();
    }
  }
}
