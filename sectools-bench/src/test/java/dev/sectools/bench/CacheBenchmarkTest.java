package dev.sectools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cache.Sha256;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs the cache benchmarks' setup, one call of each method and the teardown directly, without
 * JMH, at 1 MiB: every variant returns all the bytes, and the put cases store what they are given.
 * No timing is asserted.
 */
class CacheBenchmarkTest {
  private static final int SIZE = 1 << 20;

  @Test
  void cacheGet_everyCase_drainsTheWholeEntry() throws Exception {
    CacheGetBenchmark bench = new CacheGetBenchmark();
    bench.sizeBytes = SIZE;
    bench.setUp();
    try {
      assertThat(bench.sha256InMemory()).isEqualTo(Sha256.of(bench.data()).bytes());
      assertThat(Files.readAllBytes(bench.contentFile())).isEqualTo(bench.data());
      assertThat(bench.unverifiedRead()).isEqualTo(SIZE);
      assertThat(bench.verifiedGet()).isEqualTo(SIZE);
      assertThat(bench.verifiedGetToChannel()).isEqualTo(SIZE);
      assertThat(bench.encryptedGet()).isEqualTo(SIZE);
      assertThat(bench.signedGet()).isEqualTo(SIZE);
      assertThat(bench.memoryGet()).isEqualTo(SIZE);
    } finally {
      bench.tearDown();
    }
  }

  @Test
  void cacheGetInterleaved_fewRounds_oneMedianPerCase() throws Exception {
    long[] medians = CacheGetInterleaved.run(64 * 1024, 3, 1);

    assertThat(medians).hasSize(CacheGetInterleaved.CASES.size());
    assertThat(Arrays.stream(medians).min().orElseThrow()).isPositive();
  }

  @Test
  void cachePut_everyCase_storesTheBytes() throws Exception {
    CachePutBenchmark bench = new CachePutBenchmark();
    bench.sizeBytes = SIZE;
    bench.setUp();
    try {
      assertThat(Files.size(bench.plainWrite())).isEqualTo(SIZE);
      Sha256 sha = bench.put();
      assertThat(sha).isEqualTo(Sha256.of(Files.readAllBytes(bench.plainFile())));
      assertThat(bench.encryptedPut()).isEqualTo(sha);
      assertThat(bench.signedPut()).isEqualTo(sha);
      try (var e = bench.plainCache().get("bench", "ref", sha)) {
        assertThat(e.sizeBytes()).isEqualTo(SIZE);
      }
    } finally {
      bench.tearDown();
    }
  }
}
