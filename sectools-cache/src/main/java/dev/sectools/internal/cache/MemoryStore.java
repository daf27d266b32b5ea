package dev.sectools.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import dev.sectools.memory.MemoryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory store: entries in a Caffeine cache bounded by bytes (a weigher counts each entry's
 * size), on the heap or in {@link dev.sectools.memory.SecureBuffer}s. No file system at all.
 *
 * <p>Content is hashed once, as it is put; afterwards it lives in this process's memory, where
 * no other user can change it, so a {@code get} compares digests without hashing again.
 */
public final class MemoryStore implements Store {
  private static final long ENTRY_OVERHEAD_BYTES = 128;

  private final Cache<EntryKey, HeldEntry> cache;
  private final InstantSource clock;
  private final MemoryPolicy securePolicy;
  private final AtomicLong evictions = new AtomicLong();

  /**
   * Creates an empty store.
   *
   * @param securePolicy how entries are locked in memory, or {@code null} to keep them on the heap
   * @param ttl how long an entry lives after it is put, or {@code null} for ever
   */
  public MemoryStore(long maxBytes, Duration ttl, MemoryPolicy securePolicy, InstantSource clock) {
    this.clock = clock;
    this.securePolicy = securePolicy;
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .executor(Runnable::run)
        .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L);
    if (ttl != null) {
      builder.expireAfterWrite(ttl);
    }
    this.cache = builder
        .<EntryKey, HeldEntry>weigher((k, v) -> (int) Math.min(Integer.MAX_VALUE, v.size() + ENTRY_OVERHEAD_BYTES))
        .removalListener((EntryKey k, HeldEntry v, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            evictions.incrementAndGet();
          }
          if (v != null) {
            v.release();
          }
        })
        .build();
  }

  @Override
  public Stored put(EntryKey key, ContentWriter writer, Sha256 expected, MetaSource meta)
      throws IOException, ContentMismatchException {
    MessageDigest md = Verifier.sha256();
    PrivateCopy copy = new PrivateCopy();
    boolean stored = false;
    try {
      long size;
      try (var out = copy.appender(Verifier.CHUNK_BYTES)) {
        CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(out, md));
        writer.writeTo(counted);
        size = counted.count();
      }
      if (size > Integer.MAX_VALUE - 8 && securePolicy != null) {
        throw new IllegalArgumentException("a secure-memory entry holds at most 2 GiB, was " + size);
      }
      Sha256 sha = Sha256.ofBytes(md.digest());
      if (expected != null && !expected.equals(sha)) {
        throw new ContentMismatchException();
      }
      HeldEntry held = new HeldEntry(sha, clock.instant(), meta.meta(sha, size),
          securePolicy == null ? copy : SecureContent.of(copy, securePolicy));
      cache.put(key, held);
      stored = securePolicy == null;
      return new Stored(sha, size);
    } finally {
      if (!stored) {
        copy.release();
      }
    }
  }

  @Override
  public Lookup lookup(EntryKey key) throws CacheMissException {
    HeldEntry held = cache.getIfPresent(key);
    if (held == null) {
      throw new CacheMissException();
    }
    return new Lookup(key, held.sha(), held.size(), held.created(), held.meta());
  }

  @Override
  public Content read(Lookup found) throws CacheMissException {
    HeldEntry held = cache.getIfPresent(found.key());
    if (held == null || !held.sha().equals(found.sha())) {
      throw new CacheMissException();
    }
    Content view = held.acquire();
    if (view == null) { // evicted and released between the two calls
      throw new CacheMissException();
    }
    return view;
  }

  @Override
  public InputStream readUnverified(Lookup found) throws CacheMissException {
    Content view = read(found);
    return new java.io.FilterInputStream(view.newInputStream()) {
      @Override
      public void close() {
        view.release();
      }
    };
  }

  @Override
  public void discard(Lookup found) {
    cache.asMap().computeIfPresent(found.key(), (k, v) -> v.sha().equals(found.sha()) ? null : v);
  }

  @Override
  public void removeIfUnchanged(Lookup found) {
    cache.asMap().computeIfPresent(found.key(),
        (k, v) -> v.sha().equals(found.sha()) && v.created().equals(found.created()) ? null : v);
  }

  @Override
  public boolean remove(EntryKey key) {
    return cache.asMap().remove(key) != null;
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public long gc() {
    long before = usage().bytes();
    cache.cleanUp();
    return Math.max(0, before - usage().bytes());
  }

  @Override
  public Usage usage() {
    long bytes = cache.asMap().values().stream().mapToLong(HeldEntry::size).sum();
    return new Usage(cache.estimatedSize(), bytes, evictions.get());
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }

  @Override
  public String toString() {
    return "MemoryStore{" + (securePolicy == null ? "heap" : "secure memory") + "}";
  }
}
