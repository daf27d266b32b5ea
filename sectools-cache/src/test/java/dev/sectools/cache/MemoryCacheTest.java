package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.SizeLimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryCacheTest {
  private static MemoryCache memory(CacheConfig.Builder b) {
    return MemoryCache.create(b.backend(CacheConfig.Backend.MEMORY).build());
  }

  @Test
  void get_afterPut_returnsSameBytes() throws Exception {
    byte[] data = bytes(700_000, 1);
    try (MemoryCache cache = memory(CacheConfig.builder())) {
      Sha256 sha = put(cache, "ref", data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
      assertThat(cache.stats()).isEqualTo(new CacheStats(1, 0, 0, 0, 1, data.length));
    }
  }

  @Test
  void get_secureBufferStorage_roundTrip() throws Exception {
    byte[] data = bytes(5000, 2);
    try (MemoryCache cache = memory(CacheConfig.builder().memoryStorage(CacheConfig.MemoryStorage.SECURE_BUFFER))) {
      Sha256 sha = put(cache, "ref", data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void put_overWeightLimit_evictsAndCountsBytes() throws Exception {
    try (MemoryCache cache = memory(CacheConfig.builder().maxSizeBytes(10_000))) {
      for (int i = 0; i < 20; i++) {
        put(cache, "k" + i, bytes(1000, i));
      }
      cache.gc();
      CacheStats s = cache.stats();
      assertThat(s.bytes()).isLessThanOrEqualTo(10_000);
      assertThat(s.evictions()).isGreaterThanOrEqualTo(10);
      assertThat(s.entries()).isLessThan(20);
    }
  }

  /**
   * An entry larger than the cache was buffered whole, handed to Caffeine, which dropped it at
   * once (with the entry it replaced), and {@code put} returned its SHA-256 as if stored.
   */
  @Test
  void put_largerThanTheCache_isRefusedAndOldEntryKept() throws Exception {
    byte[] old = bytes(4000, 7);
    for (CacheConfig.MemoryStorage storage : CacheConfig.MemoryStorage.values()) {
      try (MemoryCache cache = memory(CacheConfig.builder().maxSizeBytes(10_000).memoryStorage(storage))) {
        Sha256 sha = put(cache, "ref", old);
        assertThatThrownBy(() -> put(cache, "ref", bytes(10_001, 8))).as("%s", storage)
            .isInstanceOf(SizeLimitExceededException.class)
            .hasMessage("size limit of 10000 bytes exceeded");
        assertThat(get(cache, "ref", sha)).as("%s", storage).isEqualTo(old);
        assertThat(cache.stats().entries()).isEqualTo(1);
      }
    }
  }

  /** Encrypted and signed caches over memory refuse it too, as they do over files. */
  @Test
  void put_largerThanTheCache_isRefusedThroughEveryLayer() throws Exception {
    byte[] old = bytes(100, 10);
    for (CacheConfig.Encryption encryption : CacheConfig.Encryption.values()) {
      for (CacheConfig.Signing signing : CacheConfig.Signing.values()) {
        try (VerifiedCache cache = VerifiedCache.open(CacheConfig.builder().backend(CacheConfig.Backend.MEMORY)
            .maxSizeBytes(100_000).encryption(encryption).signing(signing).build())) {
          Sha256 sha = put(cache, "ref", old);
          assertThatThrownBy(() -> put(cache, "ref", bytes(200_000, 11))).as("%s %s", encryption, signing)
              .isInstanceOf(SizeLimitExceededException.class);
          assertThat(get(cache, "ref", sha)).as("%s %s", encryption, signing).isEqualTo(old);
        }
      }
    }
  }

  /** An entry of exactly the limit fits, as in a file cache: its bookkeeping does not push it out. */
  @Test
  void put_exactlyTheLimit_isKept() throws Exception {
    byte[] data = bytes(10_000, 9);
    for (CacheConfig.MemoryStorage storage : CacheConfig.MemoryStorage.values()) {
      try (MemoryCache cache = memory(CacheConfig.builder().maxSizeBytes(10_000).memoryStorage(storage))) {
        Sha256 sha = put(cache, "ref", data);
        assertThat(get(cache, "ref", sha)).as("%s", storage).isEqualTo(data);
        assertThat(cache.stats().bytes()).isEqualTo(10_000);
      }
    }
  }

  /**
   * A source far larger than the cache (here 256 MiB into 1 MiB; in the field, 10 GiB into the
   * default 128 MiB) was read to its end onto the heap. The put stops one read past the limit.
   */
  @Test
  void put_hugeStreamIntoSmallCache_stopsReadingAtTheLimit() throws Exception {
    long limit = 1L << 20;
    Endless source = new Endless(256L << 20);
    try (MemoryCache cache = memory(CacheConfig.builder().maxSizeBytes(limit))) {
      assertThatThrownBy(() -> cache.put(NS, "ref", source)).isInstanceOf(SizeLimitExceededException.class);
      assertThat(source.served).as("bytes read from the source").isLessThanOrEqualTo(limit + Endless.READ_BYTES);
      assertThat(cache.stats().entries()).isZero();
    }
  }

  /** Zeros, {@code total} of them, served {@value #READ_BYTES} at most per read, counted. */
  private static final class Endless extends InputStream {
    static final int READ_BYTES = 64 * 1024;
    private final long total;
    long served;

    Endless(long total) {
      this.total = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (served >= total) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, READ_BYTES), total - served);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      served += n;
      return n;
    }
  }

  @Test
  void get_entryEvictedWhileBeingRead_readerKeepsItsBytes() throws Exception {
    byte[] data = bytes(3000, 3);
    try (MemoryCache cache = memory(CacheConfig.builder().memoryStorage(CacheConfig.MemoryStorage.SECURE_BUFFER))) {
      Sha256 sha = put(cache, "ref", data);
      try (VerifiedEntry e = cache.get(NS, "ref", sha)) {
        cache.invalidate(NS, "ref");
        assertThat(e.readAllBytes()).as("wiped only after the last reader closes").isEqualTo(data);
      }
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void read_afterEntryClosed_throwsClosedWhileCacheStillHoldsIt() throws Exception {
    byte[] data = bytes(3000, 5);
    for (CacheConfig.MemoryStorage storage : CacheConfig.MemoryStorage.values()) {
      try (MemoryCache cache = memory(CacheConfig.builder().memoryStorage(storage))) {
        Sha256 sha = put(cache, "ref", data);
        VerifiedEntry e = cache.get(NS, "ref", sha);
        java.io.InputStream opened = e.newInputStream();
        e.close();
        assertThatThrownBy(e::readAllBytes).isInstanceOf(java.io.IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(opened::read).isInstanceOf(java.io.IOException.class).hasMessageContaining("closed");
        assertThat(get(cache, "ref", sha)).isEqualTo(data);
      }
    }
  }

  @Test
  void transferTo_callerStreamScribblesOnArrays_cachedBytesUnchanged() throws Exception {
    byte[] data = bytes(600_000, 4);
    try (MemoryCache cache = memory(CacheConfig.builder())) {
      Sha256 sha = put(cache, "ref", data);
      try (VerifiedEntry e = cache.get(NS, "ref", sha)) {
        e.transferTo(new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0x55);
          }
        });
      }
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void get_afterTtl_miss() throws Exception {
    MutableClock clock = new MutableClock();
    try (MemoryCache cache = memory(CacheConfig.builder().ttl(Duration.ofMinutes(5)).clock(clock))) {
      Sha256 sha = put(cache, "ref", bytes(10, 5));
      clock.advance(Duration.ofMinutes(6));
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void putVerified_mismatch_refusedNothingStored() throws Exception {
    try (MemoryCache cache = memory(CacheConfig.builder())) {
      assertThatThrownBy(() -> cache.putVerified(NS, "ref", new ByteArrayInputStream(new byte[3]),
          Sha256.of(new byte[4]))).isInstanceOf(ContentMismatchException.class);
      assertThat(cache.stats().entries()).isZero();
    }
  }

  @Test
  void clear_removesEverything() throws Exception {
    try (MemoryCache cache = memory(CacheConfig.builder())) {
      Sha256 sha = put(cache, "ref", bytes(10, 6));
      cache.clear();
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }
}
