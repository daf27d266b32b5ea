package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Micrometer meters of {@link StoreBackedCache}, when a registry is given. */
class MetricsTest {
  @Test
  void open_withRegistry_countsHitsMissesEvictionsAndBytes() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (VerifiedCache cache = VerifiedCache.open(CacheConfig.builder().backend(CacheConfig.Backend.MEMORY)
        .maxSizeBytes(5000).meterRegistry(registry).name("refs").build())) {
      Sha256 sha = put(cache, "a", bytes(1000, 1));
      get(cache, "a", sha);
      assertThatThrownBy(() -> cache.get(NS, "b", sha)).isInstanceOf(CacheMissException.class);
      for (int i = 0; i < 10; i++) {
        put(cache, "k" + i, bytes(1000, i + 10));
      }
      cache.gc();
      assertThat(registry.get("sectools.cache.gets").tag("cache", "refs").tag("result", "hit").functionCounter()
          .count()).isEqualTo(1);
      assertThat(registry.get("sectools.cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("sectools.cache.evictions").functionCounter().count()).isPositive();
      assertThat(registry.get("sectools.cache.size").gauge().value()).isEqualTo(cache.stats().bytes());
      assertThat(registry.get("sectools.cache.entries").gauge().value()).isEqualTo(cache.stats().entries());
    }
    assertThat(registry.getMeters()).as("removed at close").isEmpty();
  }
}
