package dev.sectools.cache;

import dev.sectools.internal.cache.MemoryStore;
import dev.sectools.memory.MemoryPolicy;
import java.util.Objects;

/**
 * The memory cache: entries in this JVM's memory, in a Caffeine cache bounded by bytes (a weigher
 * counts each entry's size and 128 bytes of bookkeeping; least recently and frequently used
 * entries go first). No file system is touched, so no other process can plant, swap or read an
 * entry.
 *
 * <p>Content is hashed once, as it is put; a {@code get} compares that digest with the one asked
 * for and serves the bytes from memory no other process can write. Under
 * {@link CacheConfig.MemoryStorage#SECURE_BUFFER} entries live in
 * {@link dev.sectools.memory.SecureBuffer}s: off the heap (out of heap dumps), locked in RAM when
 * the limit allows, and wiped when evicted and no longer read.
 *
 * <p>As in a file cache, one entry holds at most {@link CacheConfig#maxSizeBytes()} (and at most
 * 2 GiB less 8 bytes under {@code SECURE_BUFFER}): a larger {@code put} stops reading its source
 * once it has passed that many bytes, buffering no more, and throws
 * {@link dev.sectools.fs.SizeLimitExceededException}; what the key held is kept. An entry of the
 * limit fits, and the bytes held never exceed it.
 *
 * <h2>Warning</h2>
 * Memory is the JVM's: a heap dump holds heap entries, and a {@code get} makes a private copy in
 * the caller's hands, which only {@link VerifiedEntry#close()} wipes (for entries read from files;
 * entries served from memory are views and are not copied).
 */
public final class MemoryCache extends StoreBackedCache {
  private MemoryCache(MemoryStore store) {
    super(store);
  }

  /**
   * Creates an empty memory cache with {@code config}'s size limit, time to live, storage and
   * metrics (its file, encryption and signing settings are not used here).
   *
   * @param config the configuration; its size limit bounds both the cache and each entry
   * @return the cache; close it to release its entries
   */
  public static MemoryCache create(CacheConfig config) {
    return create(config, true);
  }

  static MemoryCache create(CacheConfig config, boolean withMetrics) {
    Objects.requireNonNull(config, "config");
    MemoryPolicy policy = config.memoryStorage() == CacheConfig.MemoryStorage.SECURE_BUFFER
        ? MemoryPolicy.BEST_EFFORT : null;
    MemoryCache cache = new MemoryCache(new MemoryStore(config.maxSizeBytes(), config.ttl().orElse(null), policy,
        config.clock()));
    if (withMetrics) {
      cache.bindMetrics(config);
    }
    return cache;
  }
}
