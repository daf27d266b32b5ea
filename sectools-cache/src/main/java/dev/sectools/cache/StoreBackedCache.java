package dev.sectools.cache;

import dev.sectools.internal.cache.CacheCounters;
import dev.sectools.internal.cache.EntryKey;
import dev.sectools.internal.cache.FileStore;
import dev.sectools.internal.cache.Lookup;
import dev.sectools.internal.cache.MicrometerBinding;
import dev.sectools.internal.cache.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What every variant shares: argument checks, the miss/corruption distinction and the counters,
 * over one {@link Store} layer.
 */
abstract sealed class StoreBackedCache implements VerifiedCache permits FileCache, MemoryCache, EncryptedCache,
    SignedCache {
  private static final byte[] NO_META = new byte[0];

  private final Store store;
  private final CacheCounters counters = new CacheCounters();
  private volatile MicrometerBinding metrics;

  StoreBackedCache(Store store) {
    this.store = store;
  }

  static VerifiedCache open(CacheConfig config) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(config, "config");
    StoreBackedCache cache = config.backend() == CacheConfig.Backend.MEMORY
        ? MemoryCache.create(config, false) : FileCache.open(config, false);
    try {
      if (config.encryption() == CacheConfig.Encryption.AES256_GCM) {
        cache = EncryptedCache.wrap(cache, config.encryptionKeyset().orElse(null));
      }
      if (config.signing() == CacheConfig.Signing.HMAC_SHA256) {
        cache = SignedCache.wrap(cache, config.signingKeyset().orElse(null), config.ttl().orElse(null),
            config.clock(), config.chunkTagging());
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      cache.close();
      throw e;
    }
    cache.bindMetrics(config);
    return cache;
  }

  /** The layer this cache works through; decorators wrap it. */
  final Store store() {
    return store;
  }

  final void bindMetrics(CacheConfig config) {
    if (config.meterRegistry().isPresent()) {
      metrics = MicrometerBinding.bind(config.meterRegistry().get(), config.name(), counters, store);
    }
  }

  private static EntryKey key(String namespace, String key) {
    return new EntryKey(namespace, key);
  }

  @Override
  public final Sha256 put(String namespace, String key, InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    EntryKey k = key(namespace, key);
    try {
      return store.put(k, Store.copying(in), null, (sha, size) -> NO_META).sha();
    } catch (ContentMismatchException e) {
      throw new IllegalStateException("no SHA-256 was expected", e);
    }
  }

  @Override
  public final Sha256 put(String namespace, String key, Path source) throws IOException {
    Objects.requireNonNull(source, "source");
    EntryKey k = key(namespace, key);
    try (InputStream in = Files.newInputStream(source)) {
      return put(k.namespace(), k.key(), in);
    }
  }

  @Override
  public final void putVerified(String namespace, String key, InputStream in, Sha256 expected)
      throws IOException, ContentMismatchException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(expected, "expected");
    store.put(key(namespace, key), Store.copying(in), expected, (sha, size) -> NO_META);
  }

  @Override
  public final VerifiedEntry get(String namespace, String key, Sha256 expected)
      throws IOException, CacheMissException, CacheCorruptionException {
    return counted(namespace, key, expected, k -> new VerifiedEntry(expected, store.get(k, expected)));
  }

  @Override
  public final InputStream openStream(String namespace, String key, Sha256 expected)
      throws IOException, CacheMissException, CacheCorruptionException {
    return counted(namespace, key, expected, k -> {
      Lookup found = store.lookup(k);
      if (!found.sha().equals(expected)) {
        throw new CacheMissException();
      }
      return store.stream(found, counters::corruption);
    });
  }

  /** Reads a key's entry, which must hold the content expected. */
  @FunctionalInterface
  private interface Reading<T> {
    T from(EntryKey key) throws IOException, CacheMissException, CacheCorruptionException;
  }

  /**
   * Reads {@code key}'s entry with {@code reading} (content other than {@code expected} is a
   * miss), and counts the hit, miss or corruption.
   */
  private <T> T counted(String namespace, String key, Sha256 expected, Reading<T> reading)
      throws IOException, CacheMissException, CacheCorruptionException {
    Objects.requireNonNull(expected, "expected");
    EntryKey k = key(namespace, key);
    try {
      T result = reading.from(k);
      counters.hit();
      return result;
    } catch (CacheMissException e) {
      counters.miss();
      throw e;
    } catch (CacheCorruptionException e) {
      counters.corruption();
      throw e;
    }
  }

  @Override
  public final Sha256 verify(String namespace, String key)
      throws IOException, CacheMissException, CacheCorruptionException {
    Lookup found = store.lookup(key(namespace, key));
    try {
      store.read(found).release();
    } catch (CacheCorruptionException e) {
      counters.corruption();
      throw e;
    }
    return found.sha();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Content that fails is removed with the record that led to it; the other keys pointing at
   * it then miss when their turn comes, and their records go too. They count as corrupt as well,
   * so that {@code checked - corrupt} is what the index holds afterwards if no other process
   * changed it meanwhile. A key another process put again since the listing counts as nothing, and
   * so does one it removed (as corrupt if its content had failed here).
   */
  @Override
  public final CacheVerification verifyAll(Progress progress) throws IOException {
    Objects.requireNonNull(progress, "progress");
    FileStore files = store.fileStore();
    if (files == null) {
      return new CacheVerification(0, 0, 0);
    }
    List<Lookup> all = files.entries();
    Set<Sha256> failed = new HashSet<>();
    long corrupt = 0;
    long bytes = 0;
    long checked = 0;
    long done = 0;
    for (Lookup entry : all) {
      switch (check(files, entry, failed)) {
        case INTACT -> {
          checked++;
          bytes += entry.size();
        }
        case CORRUPT -> {
          checked++;
          corrupt++;
          counters.corruption();
        }
        case GONE -> {
          // removed or put again by another process since it was listed: nothing to check
        }
      }
      progress.update(++done, all.size());
    }
    return new CacheVerification(checked, corrupt, bytes);
  }

  /** What {@link #verifyAll} found of one entry. */
  private enum Outcome { INTACT, CORRUPT, GONE }

  /**
   * Checks {@code entry}, adding its content to {@code failed} if it fails. A miss on content that
   * failed under another key is a corruption too, unless the key holds a record again.
   */
  private static Outcome check(FileStore files, Lookup entry, Set<Sha256> failed) throws IOException {
    try {
      files.read(entry).release();
      return Outcome.INTACT;
    } catch (CacheCorruptionException e) {
      failed.add(entry.sha());
      return Outcome.CORRUPT;
    } catch (CacheMissException e) {
      if (!failed.contains(entry.sha())) {
        return Outcome.GONE;
      }
    }
    try {
      files.lookup(entry.key());
      return Outcome.GONE; // put again since: the key is usable
    } catch (CacheMissException e) {
      return Outcome.CORRUPT;
    }
  }

  @Override
  public final boolean invalidate(String namespace, String key) throws IOException {
    return store.remove(key(namespace, key));
  }

  @Override
  public final void clear() throws IOException {
    store.clear();
  }

  @Override
  public final long gc() throws IOException {
    return store.gc();
  }

  @Override
  public final CacheStats stats() {
    Store.Usage usage = store.usage();
    return new CacheStats(counters.hits(), counters.misses(), counters.corruptions(), usage.evictions(),
        usage.entries(), usage.bytes());
  }

  @Override
  public final void close() throws IOException {
    MicrometerBinding m = metrics;
    if (m != null) {
      metrics = null;
      m.close();
    }
    store.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + store + "}";
  }
}
