package dev.sectools.internal.cache;

import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One layer of a cache. A store keeps, per key, the SHA-256 and size of some content plus a small
 * opaque {@code meta} blob that upper layers use for their own records (the encrypting layer's
 * sealed header, the signing layer's signed metadata). Thread-safe.
 */
public interface Store extends Closeable {
  /**
   * Stores what {@code writer} writes under {@code key}, replacing what the key held. Nothing is
   * stored if the writer throws.
   *
   * @param expected the SHA-256 the written bytes must have, or {@code null} for any
   * @param meta gives the record to keep with the entry, once the content is written
   * @return the stored content's SHA-256 and size, as hashed while it was written
   * @throws ContentMismatchException if {@code expected} is given and the content differs
   */
  Stored put(EntryKey key, ContentWriter writer, Sha256 expected, MetaSource meta)
      throws IOException, ContentMismatchException;

  /** Writes an entry's bytes. */
  @FunctionalInterface
  interface ContentWriter {
    /** Writes the content to {@code out}, without closing it. */
    void writeTo(OutputStream out) throws IOException, ContentMismatchException;
  }

  /** The meta record of an entry, made once its content is written. */
  @FunctionalInterface
  interface MetaSource {
    /** The record for content with this SHA-256 and size. */
    byte[] meta(Sha256 sha, long size) throws IOException;
  }

  /** A writer that copies {@code in}. */
  static ContentWriter copying(InputStream in) {
    return in::transferTo;
  }

  /**
   * What the index says about {@code key}. A record that is unreadable or fails its own checksum
   * is removed and reported as a miss.
   */
  Lookup lookup(EntryKey key) throws IOException, CacheMissException, CacheCorruptionException;

  /**
   * The content {@code found} names, read from one descriptor into private memory and verified
   * against {@link Lookup#sha()} and {@link Lookup#size()}.
   *
   * @throws CacheCorruptionException if it fails verification; the entry is removed first
   * @throws CacheMissException if the content has gone (evicted, collected or removed)
   */
  Content read(Lookup found) throws IOException, CacheMissException, CacheCorruptionException;

  /**
   * The content of {@code key}'s entry if it is {@code expected}: {@link #lookup}, then
   * {@link #read}. A layer may read the content first and look the key up alongside (the file
   * store does), with the same outcome.
   *
   * @throws CacheMissException if there is no entry, or its content is not {@code expected}
   * @throws CacheCorruptionException if it fails verification; the entry is removed first
   */
  default Content get(EntryKey key, Sha256 expected)
      throws IOException, CacheMissException, CacheCorruptionException {
    Lookup found = lookup(key);
    if (!found.sha().equals(expected)) {
      throw new CacheMissException();
    }
    return read(found);
  }

  /**
   * The content {@code found} names as a stream that only ever returns verified bytes. By default
   * the whole content is read and verified first ({@link #read}) and the stream closes it; a layer
   * with per-chunk checks streams from the file instead, each chunk checked before it is returned,
   * and throws {@link dev.sectools.cache.CacheStreamCorruptionException} (after removing the entry
   * and calling {@code corrupted}) at the first chunk that fails.
   *
   * @throws CacheCorruptionException if the entry fails verification before the stream is returned
   * @throws CacheMissException if the content has gone
   */
  default InputStream stream(Lookup found, Runnable corrupted)
      throws IOException, CacheMissException, CacheCorruptionException {
    Content content = read(found);
    return new java.io.FilterInputStream(content.newInputStream()) {
      @Override
      public long transferTo(OutputStream out) throws IOException {
        return in.transferTo(out);
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          content.release();
        }
      }
    };
  }

  /**
   * The content {@code found} names as stored, for a layer that authenticates it by itself (AES-GCM):
   * the bytes are not checked here, and must not reach a caller before that layer has checked them.
   */
  InputStream readUnverified(Lookup found) throws IOException, CacheMissException, CacheCorruptionException;

  /** Removes the entry because an upper layer found it bad, counting a corruption. */
  void discard(Lookup found) throws IOException;

  /** Removes {@code key}'s entry; whether there was one. */
  boolean remove(EntryKey key) throws IOException;

  /**
   * Removes {@code found}'s entry unless a put has replaced it since {@code found} was read; the
   * content stays for any other key that holds it. For a layer above that rejects a record this
   * store found intact (another key's signature, an expired one): a reader acting on a stale
   * lookup must not remove the entry a put has just written.
   */
  void removeIfUnchanged(Lookup found) throws IOException;

  /** Removes every entry. */
  void clear() throws IOException;

  /** Removes unreferenced content and leftovers, re-applies the size limit; the bytes freed. */
  long gc() throws IOException;

  /** The file store at the bottom of this layer, if files are what it holds; else {@code null}. */
  default FileStore fileStore() {
    return null;
  }

  /** Entry count, bytes held and evictions so far. */
  Usage usage();

  /**
   * What a store holds.
   *
   * @param entries the number of keys
   * @param bytes the bytes of content held (identical content counted once)
   * @param evictions entries removed to stay under the size limit, since the store was opened
   */
  record Usage(long entries, long bytes, long evictions) {}

  /**
   * What {@link #put} stored.
   *
   * @param sha the content's SHA-256
   * @param size the content's size in bytes
   */
  record Stored(Sha256 sha, long size) {}
}
