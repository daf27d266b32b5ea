package dev.sectools.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheConfigTest {
  private static CacheConfig env(Map<String, String> env) {
    return CacheConfig.fromEnvironment(env).build();
  }

  @Test
  void defaults_ephemeralPlainFileCache() {
    CacheConfig c = CacheConfig.defaults();
    assertThat(c.backend()).isEqualTo(CacheConfig.Backend.FILESYSTEM);
    assertThat(c.mode()).isEqualTo(CacheConfig.Mode.EPHEMERAL);
    assertThat(c.encryption()).isEqualTo(CacheConfig.Encryption.NONE);
    assertThat(c.signing()).isEqualTo(CacheConfig.Signing.NONE);
    assertThat(c.maxSizeBytes()).isEqualTo(CacheConfig.DEFAULT_FILE_MAX_BYTES);
    assertThat(c.ttl()).isEmpty();
  }

  @Test
  void fromEnvironment_everyVariableSet_applied() {
    CacheConfig c = env(Map.of("SECTOOLS_CACHE_BACKEND", "filesystem", "SECTOOLS_CACHE_DIR", "/var/cache/app",
        "SECTOOLS_CACHE_ENCRYPTION", "aes256-gcm", "SECTOOLS_CACHE_MAX_BYTES", "512MiB", "SECTOOLS_CACHE_TTL", "12h"));
    assertThat(c.mode()).isEqualTo(CacheConfig.Mode.PERSISTENT);
    assertThat(c.directory()).isEqualTo(Path.of("/var/cache/app"));
    assertThat(c.encryption()).isEqualTo(CacheConfig.Encryption.AES256_GCM);
    assertThat(c.maxSizeBytes()).isEqualTo(512L << 20);
    assertThat(c.ttl()).contains(Duration.ofHours(12));
  }

  @Test
  void fromEnvironment_memoryBackendIsoTtl_applied() {
    CacheConfig c = env(Map.of("SECTOOLS_CACHE_BACKEND", "MEMORY", "SECTOOLS_CACHE_TTL", "PT30M"));
    assertThat(c.backend()).isEqualTo(CacheConfig.Backend.MEMORY);
    assertThat(c.maxSizeBytes()).isEqualTo(CacheConfig.DEFAULT_MEMORY_MAX_BYTES);
    assertThat(c.ttl()).contains(Duration.ofMinutes(30));
  }

  @Test
  void fromEnvironment_ephemeralFalse_persistentUnderXdgDefault() {
    CacheConfig c = env(Map.of("SECTOOLS_CACHE_EPHEMERAL", "false"));
    assertThat(c.mode()).isEqualTo(CacheConfig.Mode.PERSISTENT);
    assertThat(c.directory().getFileName()).isEqualTo(Path.of("sectools"));
  }

  @Test
  void fromEnvironment_invalidValues_clearErrorsNamingVariableAndValue() {
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_BACKEND", "redis")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SECTOOLS_CACHE_BACKEND=redis is invalid: expected filesystem or memory");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_EPHEMERAL", "maybe")))
        .hasMessage("SECTOOLS_CACHE_EPHEMERAL=maybe is invalid: expected true or false");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_ENCRYPTION", "rot13")))
        .hasMessageContaining("SECTOOLS_CACHE_ENCRYPTION=rot13 is invalid");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_MAX_BYTES", "-5")))
        .hasMessageContaining("SECTOOLS_CACHE_MAX_BYTES=-5 is invalid");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_MAX_BYTES", "0")))
        .hasMessageContaining("SECTOOLS_CACHE_MAX_BYTES=0 is invalid");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_MAX_BYTES", "99999999999TiB")))
        .hasMessageContaining("at most 2^63-1 bytes");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_TTL", "forever")))
        .hasMessageContaining("SECTOOLS_CACHE_TTL=forever is invalid");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_TTL", "0s")))
        .hasMessageContaining("SECTOOLS_CACHE_TTL=0s is invalid");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_DIR", "relative/dir")))
        .hasMessage("SECTOOLS_CACHE_DIR=relative/dir is invalid: expected an absolute path");
  }

  @Test
  void fromEnvironment_dirWithEphemeralTrue_contradictionRefused() {
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_DIR", "/x", "SECTOOLS_CACHE_EPHEMERAL", "true")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unset one of them");
  }

  @Test
  void fromEnvironment_blankValues_ignored() {
    assertThat(env(Map.of("SECTOOLS_CACHE_BACKEND", " ")).backend()).isEqualTo(CacheConfig.Backend.FILESYSTEM);
  }

  @Test
  void builder_invalidArguments_rejectedWithTheRule() {
    assertThatThrownBy(() -> CacheConfig.builder().maxSizeBytes(0)).hasMessage("maxSizeBytes must be positive, was 0");
    assertThatThrownBy(() -> CacheConfig.builder().ttl(Duration.ZERO)).hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> CacheConfig.builder().directory(Path.of("rel"))).hasMessageContaining("absolute");
    assertThatThrownBy(() -> CacheConfig.builder().directory(Path.of("/x")).build())
        .hasMessageContaining("ephemeral");
  }

  /**
   * A TTL past the range of {@code Instant} (or of epoch milliseconds) was accepted, then made
   * every file-cache {@code get} throw {@code DateTimeException} and every signed {@code put}
   * throw {@code ArithmeticException}. It is refused where it is configured.
   */
  @Test
  void ttl_pastInstantRange_isRefusedAtConfiguration() {
    for (Duration ttl : new Duration[] {ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(9_000_000_000_000_000L),
        Duration.ofDays(36_501)}) {
      assertThatThrownBy(() -> CacheConfig.builder().ttl(ttl)).as("%s", ttl)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ttl must be at most 36500 days (100 years), was " + ttl);
    }
  }

  @Test
  void fromEnvironment_ttlPastInstantRange_isRefusedNamingTheVariable() {
    for (String ttl : new String[] {"365243000000d", "999999999999d", "PT9000000000000000S", "36501d",
        "P999999999999999999D"}) {
      assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_TTL", ttl))).as(ttl)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("SECTOOLS_CACHE_TTL=" + ttl + " is invalid: expected")
          .hasMessageContaining("at most 36500d (100 years)");
    }
  }

  /** The largest TTL allowed still works where the use-time arithmetic is: file and signed caches. */
  @Test
  void ttl_hundredYears_acceptedAndUsableByFileAndSignedCaches() throws Exception {
    assertThat(env(Map.of("SECTOOLS_CACHE_TTL", "36500d")).ttl()).contains(Duration.ofDays(36_500));
    for (CacheConfig.Signing signing : CacheConfig.Signing.values()) {
      try (VerifiedCache cache = VerifiedCache.open(CacheConfig.builder().ttl(Duration.ofDays(36_500))
          .signing(signing).build())) {
        byte[] data = TestCaches.bytes(1000, 7);
        Sha256 sha = TestCaches.put(cache, "ref", data);
        assertThat(TestCaches.get(cache, "ref", sha)).as("%s", signing).isEqualTo(data);
      }
    }
  }

  @Test
  void ttl_zeroOrNegative_isRefusedByBuilderAndEnvironment() {
    for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> CacheConfig.builder().ttl(ttl)).hasMessage("ttl must be positive, was " + ttl);
    }
    for (String ttl : new String[] {"0s", "0d", "PT0S", "PT-1S", "-5m"}) {
      assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_TTL", ttl))).as(ttl)
          .hasMessageStartingWith("SECTOOLS_CACHE_TTL=" + ttl + " is invalid");
    }
  }

  /** A memory cache ends with its process: asking for a persistent one was silently ignored. */
  @Test
  void fromEnvironment_memoryBackendNotEphemeral_isRefusedNamingBothVariables() {
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_BACKEND", "memory", "SECTOOLS_CACHE_EPHEMERAL", "false")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SECTOOLS_CACHE_EPHEMERAL=false asks for a persistent cache but SECTOOLS_CACHE_BACKEND=memory: "
            + "a memory cache ends with its process; unset one of them");
    assertThatThrownBy(() -> env(Map.of("SECTOOLS_CACHE_BACKEND", "memory", "SECTOOLS_CACHE_DIR", "/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SECTOOLS_CACHE_DIR is set but SECTOOLS_CACHE_BACKEND=memory: "
            + "a memory cache has no directory; unset one of them");
    assertThat(env(Map.of("SECTOOLS_CACHE_BACKEND", "memory", "SECTOOLS_CACHE_EPHEMERAL", "true")).backend())
        .isEqualTo(CacheConfig.Backend.MEMORY);
  }

  @Test
  void build_memoryBackendPersistentMode_isRefused() {
    assertThatThrownBy(() -> CacheConfig.builder().backend(CacheConfig.Backend.MEMORY)
        .mode(CacheConfig.Mode.PERSISTENT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mode is PERSISTENT but the cache is a memory cache, which ends with its process");
  }

  @Test
  void toString_namesChoicesNoKey() {
    assertThat(CacheConfig.defaults().toString()).contains("FILESYSTEM", "EPHEMERAL").doesNotContain("keyset given");
    assertThat(CacheConfig.defaults().chunkTagging()).isEqualTo(CacheConfig.ChunkTagging.AUTO);
    assertThat(CacheConfig.builder().chunkTagging(CacheConfig.ChunkTagging.NEVER).build().toString())
        .contains("chunkTagging=NEVER");
  }
}
