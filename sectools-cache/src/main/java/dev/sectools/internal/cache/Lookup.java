package dev.sectools.internal.cache;

import dev.sectools.cache.Sha256;
import java.time.Instant;

/**
 * An index entry as a store read it. {@code meta} is the caller's blob, returned as stored (it is
 * covered by the store's checksum only; layers that need authenticity sign or seal it).
 *
 * @param key the key
 * @param sha the content's SHA-256
 * @param size the content's size
 * @param created when the entry was written
 * @param meta the upper layer's record
 * @param inner the lower layer's lookup this one was made from, or {@code null} in a base store
 */
public record Lookup(EntryKey key, Sha256 sha, long size, Instant created, byte[] meta, Lookup inner) {
  /** Copies {@code meta}. */
  public Lookup {
    meta = meta.clone();
  }

  /** A base store's lookup. */
  public Lookup(EntryKey key, Sha256 sha, long size, Instant created, byte[] meta) {
    this(key, sha, size, created, meta, null);
  }

  /** The upper layer's record (a copy). */
  @Override
  public byte[] meta() {
    return meta.clone();
  }

  /** Shows no key and no meta. */
  @Override
  public String toString() {
    return "Lookup[sha=" + sha + ", size=" + size + "]";
  }
}
