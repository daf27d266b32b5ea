package dev.sectools.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.memory.MemoryPolicy;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory store: entries in a Caffeine cache bounded by bytes, on the heap or in
 * {@link dev.sectools.memory.SecureBuffer}s. No file system at all.
 *
 * <p>Content is hashed once, as it is put; afterwards it lives in this process's memory, where
 * no other user can change it, so a {@code get} compares digests without hashing again.
 *
 * <p>An entry larger than the limit is refused as it is written, as a file store refuses it,
 * after at most the limit has been buffered, and leaves what the key held intact. Caffeine
 * weighs entries in {@code int}s; each entry weighs its size plus 128
 * bytes of bookkeeping (so that empty entries cannot pile up without bound), and the total may
 * reach the limit plus one entry's bookkeeping, so that an entry of the limit fits: the bytes held
 * never exceed the limit. Weights are in bytes up to a limit of 2 GiB less 128 bytes; above it,
 * in the smallest power of two of bytes in which an entry of the limit weighs at most
 * {@code Integer.MAX_VALUE}, each entry rounded up (by about 1 byte in 2<sup>30</sup> of the
 * limit): every entry is weighed at its size, however large.
 */
public final class MemoryStore implements Store {
  private static final long ENTRY_OVERHEAD_BYTES = 128;
  /** The largest entry a {@link dev.sectools.memory.SecureBuffer} holds. */
  private static final long MAX_SECURE_ENTRY_BYTES = Integer.MAX_VALUE - 8;

  private final Cache<EntryKey, HeldEntry> cache;
  private final InstantSource clock;
  private final MemoryPolicy securePolicy;
  private final long maxEntryBytes;
  private final int weightShift;
  private final AtomicLong evictions = new AtomicLong();

  /**
   * Creates an empty store.
   *
   * @param maxBytes the most bytes the store holds, and the largest entry it accepts (at most
   *     2 GiB less 8 bytes in secure memory); must be positive
   * @param ttl how long an entry lives after it is put, or {@code null} for ever
   * @param securePolicy how entries are locked in memory, or {@code null} to keep them on the heap
   * @param clock the clock for creation and expiry times
   */
  public MemoryStore(long maxBytes, Duration ttl, MemoryPolicy securePolicy, InstantSource clock) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    this.clock = clock;
    this.securePolicy = securePolicy;
    this.maxEntryBytes = securePolicy == null ? maxBytes : Math.min(maxBytes, MAX_SECURE_ENTRY_BYTES);
    this.weightShift = weightShift(maxBytes);
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumWeight(units(maxBytes, weightShift))
        .executor(Runnable::run)
        .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L);
    if (ttl != null) {
      builder.expireAfterWrite(ttl);
    }
    this.cache = builder
        .<EntryKey, HeldEntry>weigher((k, v) -> weight(v.size()))
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

  /** The smallest shift that makes the weight of an entry of {@code maxBytes} an {@code int}. */
  private static int weightShift(long maxBytes) {
    int shift = 0;
    while (Long.compareUnsigned(units(maxBytes, shift), Integer.MAX_VALUE) > 0) {
      shift++;
    }
    return shift;
  }

  /**
   * {@code bytes} and an entry's bookkeeping in units of 2<sup>{@code shift}</sup> bytes, rounded
   * up; unsigned, since the sum passes {@code Long.MAX_VALUE} for the largest limits.
   */
  private static long units(long bytes, int shift) {
    return ((bytes + ENTRY_OVERHEAD_BYTES - 1) >>> shift) + 1;
  }

  /** What Caffeine counts for an entry of {@code size} bytes (at most the limit). */
  int weight(long size) {
    return Math.toIntExact(units(size, weightShift));
  }

  /** What Caffeine counts at most, in the units of {@link #weight}. */
  long maximumWeight() {
    return cache.policy().eviction().orElseThrow().getMaximum();
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
        Capped counted = new Capped(new DigestOutputStream(out, md), maxEntryBytes);
        writer.writeTo(counted);
        size = counted.count;
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

  /** Counts what is written through it, and refuses, before buffering it, a byte past {@code max}. */
  private static final class Capped extends FilterOutputStream {
    private final long max;
    private long count;

    Capped(OutputStream out, long max) {
      super(out);
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      reserve(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      reserve(len);
      out.write(b, off, len);
    }

    private void reserve(int len) throws SizeLimitExceededException {
      if (len > max - count) {
        throw new SizeLimitExceededException(null, max);
      }
      count += len;
    }
  }
}
