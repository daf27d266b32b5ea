package dev.sectools.internal.cache;

import java.util.concurrent.atomic.AtomicLong;

/** Hits, misses and corruptions of one cache; Micrometer reads them through function counters. */
public final class CacheCounters {
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong corruptions = new AtomicLong();

  /** Counts a hit. */
  public void hit() {
    hits.incrementAndGet();
  }

  /** Counts a miss. */
  public void miss() {
    misses.incrementAndGet();
  }

  /** Counts a corruption. */
  public void corruption() {
    corruptions.incrementAndGet();
  }

  /** Hits so far. */
  public long hits() {
    return hits.get();
  }

  /** Misses so far. */
  public long misses() {
    return misses.get();
  }

  /** Corruptions so far. */
  public long corruptions() {
    return corruptions.get();
  }
}
