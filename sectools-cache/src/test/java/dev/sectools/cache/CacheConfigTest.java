package dev.sectools.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
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

  @Test
  void toString_namesChoicesNoKey() {
    assertThat(CacheConfig.defaults().toString()).contains("FILESYSTEM", "EPHEMERAL").doesNotContain("keyset given");
    assertThat(CacheConfig.defaults().chunkTagging()).isEqualTo(CacheConfig.ChunkTagging.AUTO);
    assertThat(CacheConfig.builder().chunkTagging(CacheConfig.ChunkTagging.NEVER).build().toString())
        .contains("chunkTagging=NEVER");
  }
}
