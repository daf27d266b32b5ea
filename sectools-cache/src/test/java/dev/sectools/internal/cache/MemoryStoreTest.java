package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * How the memory store weighs entries for Caffeine, whose weights are {@code int}s. Entries over
 * 2 GiB cannot be made here (the test JVM's heap is smaller), so the weighing is checked directly.
 */
class MemoryStoreTest {
  private static final long[] LIMITS = {1, 127, 128, 129, 10_000, Integer.MAX_VALUE - 128L, Integer.MAX_VALUE,
      1L << 31, 1L << 40, Long.MAX_VALUE - 128, Long.MAX_VALUE};

  /**
   * Weights were capped at {@code Integer.MAX_VALUE}: every entry over 2 GiB weighed as 2 GiB, so
   * a cache over 2 GiB held more than its limit.
   */
  @Test
  void weight_entryOverTwoGiB_isCountedAtItsSize() throws Exception {
    try (MemoryStore store = new MemoryStore(1L << 40, null, null, InstantSource.system())) {
      for (long size : new long[] {3L << 30, 5L << 30, 100L << 30, 1L << 40}) {
        double share = (double) store.weight(size) / store.maximumWeight();
        assertThat(share).as("%d bytes in 1 TiB", size).isCloseTo((double) size / (1L << 40), within(1e-6));
      }
    }
  }

  /** An entry of the limit is allowed, so it must fit whatever the limit: nothing is dropped as it is put. */
  @Test
  void weight_largestEntryOfAnyLimit_fitsTheCache() throws Exception {
    for (long limit : LIMITS) {
      try (MemoryStore store = new MemoryStore(limit, null, null, InstantSource.system())) {
        assertThat(store.weight(limit)).as("limit %d", limit).isPositive()
            .isLessThanOrEqualTo((int) Math.min(Integer.MAX_VALUE, store.maximumWeight()));
        assertThat(store.weight(0)).as("an empty entry still weighs something").isPositive();
      }
    }
  }

  /** Up to 2 GiB entries are weighed to the byte, their bookkeeping included. */
  @Test
  void weight_cacheUpToTwoGiB_exactInBytes() throws Exception {
    try (MemoryStore store = new MemoryStore(128L << 20, null, null, InstantSource.system())) {
      assertThat(store.weight(0)).isEqualTo(128);
      assertThat(store.weight(1000)).isEqualTo(1128);
      assertThat(store.maximumWeight()).isEqualTo((128L << 20) + 128);
    }
  }
}
