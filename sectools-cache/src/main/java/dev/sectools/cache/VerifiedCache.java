package dev.sectools.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A content-addressed cache that verifies every entry when it is used: the Java counterpart of
 * the DeltaGlider cache redesign, done so that no path is ever handed out after a check.
 *
 * <pre>{@code
 * try (VerifiedCache cache = VerifiedCache.open(CacheConfig.defaults())) {   // private to this process
 *   Sha256 sha = cache.put("bucket", "prefix/ref.bin", in);                 // hashed while written
 *   try (VerifiedEntry e = cache.get("bucket", "prefix/ref.bin", sha)) {    // checked before returned
 *     e.transferTo(out);
 *   } catch (CacheMissException miss) {
 *     // fetch it again and put it
 *   }
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #get} returns only bytes that hash to the SHA-256 asked for (or, encrypted, that
 *       AES-GCM authenticated as the bytes hashed at {@code put}). The check is made on a private
 *       copy read from one descriptor, before {@code get} returns: a file rewritten, replaced,
 *       truncated or extended at any moment gives the right bytes or an exception, never others.
 *   <li>A miss ({@link CacheMissException}) and a failed check ({@link CacheCorruptionException})
 *       are distinct; a corrupt entry is removed when found, so a later {@code put} heals it.
 *   <li>Identical content is stored once however many keys point at it.
 * </ul>
 * Which variant defends against what, and how to choose, is in {@code docs/cache.md}.
 *
 * <h2>Warning</h2>
 * {@code get} reads the whole entry into memory before it returns (that is what makes the check
 * safe); size entries and {@link CacheConfig#maxSizeBytes()} accordingly, or read large entries
 * of a {@link SignedCache} over files with {@link #openStream}, which checks them chunk by chunk.
 *
 * <p>Namespaces and keys are any non-empty strings of at most 1024 UTF-8 bytes without NUL;
 * anything else is an {@link IllegalArgumentException}. Implementations are thread-safe.
 */
public sealed interface VerifiedCache extends AutoCloseable permits StoreBackedCache {

  /**
   * Opens a cache as {@code config} says: a file or memory cache, wrapped in the encrypted and
   * signed variants if configured.
   *
   * @throws dev.sectools.temp.InsecureDirectoryException if a persistent directory is a link,
   *     belongs to another user, or is open to group or others (under the REFUSE policy)
   * @throws IOException if the cache directory cannot be made or opened
   * @throws GeneralSecurityException if a keyset cannot give the primitive it is for
   */
  static VerifiedCache open(CacheConfig config) throws IOException, GeneralSecurityException {
    return StoreBackedCache.open(config);
  }

  /**
   * Opens a cache configured from the {@code SECTOOLS_CACHE_*} environment variables; see
   * {@link CacheConfig#fromEnvironment(java.util.Map)}.
   *
   * @throws IllegalArgumentException if a variable holds an invalid value (the message names it)
   */
  static VerifiedCache fromEnvironment() throws IOException, GeneralSecurityException {
    return open(CacheConfig.fromEnvironment(System.getenv()).build());
  }

  /**
   * Stores everything {@code in} yields under {@code namespace}/{@code key}, hashing it as it is
   * written, and returns its SHA-256. Replaces what the key held. {@code in} is not closed.
   *
   * @throws dev.sectools.fs.SizeLimitExceededException if the content is larger than the cache
   * @throws IOException if reading {@code in} or writing the entry fails; nothing is stored
   */
  Sha256 put(String namespace, String key, InputStream in) throws IOException;

  /**
   * Stores the content of the file {@code source}; see {@link #put(String, String, InputStream)}.
   * {@code source} is the caller's own file and is opened as any {@code Files.newInputStream} is.
   */
  Sha256 put(String namespace, String key, Path source) throws IOException;

  /**
   * Stores {@code in}'s content only if it hashes to {@code expected}; the hash is computed as
   * the content is written and the entry becomes visible only after it matched.
   *
   * @throws ContentMismatchException if it does not match; nothing is stored and what the key
   *     held before is intact
   * @throws IOException as {@link #put(String, String, InputStream)} does
   */
  void putVerified(String namespace, String key, InputStream in, Sha256 expected)
      throws IOException, ContentMismatchException;

  /**
   * The entry stored under {@code namespace}/{@code key}, if its content is {@code expected}:
   * read into private memory and verified before this method returns. Close the result.
   *
   * @throws CacheMissException if the key holds nothing, or other content, or its entry expired,
   *     was evicted, or belongs to another key or user
   * @throws CacheCorruptionException if the stored entry fails verification; it has been removed
   * @throws IOException if reading fails for another reason (the disk, permissions)
   */
  VerifiedEntry get(String namespace, String key, Sha256 expected)
      throws IOException, CacheMissException, CacheCorruptionException;

  /**
   * The entry stored under {@code namespace}/{@code key}, if its content is {@code expected}, as a
   * stream that returns only verified bytes. Close it.
   *
   * <p>A {@link SignedCache} over a file cache streams from the file: the entry is read from one
   * descriptor in 256 KiB chunks and each chunk is returned only after its Poly1305 tag (signed
   * with the entry, made at {@code put} from the bytes whose SHA-256 was computed then) has been
   * checked. The caller starts on the first bytes at once and memory stays bounded however large
   * the entry; this is the fastest verified read sectools has (about the time of an unverified
   * read of the file, see {@code docs/cache.md}). If a chunk fails, or the file turns out shorter
   * or longer than the entry, the stream throws {@link CacheStreamCorruptionException} instead of
   * returning it: everything returned before is the entry's own first bytes, and the entry has been
   * removed. A caller that must not act on part of an entry uses {@link #get} instead.
   *
   * <p>An {@link EncryptedCache} streams too, each AES-GCM segment (256 KiB for keys it makes)
   * returned once it has authenticated, with the same {@link CacheStreamCorruptionException} at
   * the first that does not. Every other cache (plain file, memory, signed over memory, or a
   * signed file cache without chunk tags, see {@link CacheConfig.ChunkTagging}) verifies the
   * whole entry before this method returns, as {@link #get} does, and streams the private copy.
   *
   * @throws CacheMissException as {@link #get} does
   * @throws CacheCorruptionException if the entry fails verification before this method returns
   *     (its record, its size, or, when the whole entry is checked first, its content)
   * @throws IOException if reading fails for another reason
   */
  InputStream openStream(String namespace, String key, Sha256 expected)
      throws IOException, CacheMissException, CacheCorruptionException;

  /**
   * Checks the entry stored under {@code namespace}/{@code key} against the SHA-256 and size its
   * index record holds, exactly as {@link #get} checks it, and returns that SHA-256. For a caller
   * that does not know the SHA-256 (a periodic check of a cache); a caller that does should use
   * {@code get}, which also compares the record with what it expects.
   *
   * @throws CacheMissException if the key holds nothing (or it expired, or was evicted)
   * @throws CacheCorruptionException if the stored entry fails verification; it has been removed
   * @throws IOException if reading fails for another reason
   */
  Sha256 verify(String namespace, String key) throws IOException, CacheMissException, CacheCorruptionException;

  /**
   * Checks every entry of a file cache, one at a time, as {@link #verify} does, and removes those
   * that fail. Each stored file is checked against the SHA-256 recorded when it was written (for
   * an encrypted cache: of the ciphertext, so no key is needed). A memory cache holds no file
   * another process could change, and checks nothing.
   *
   * <p>Identical content is stored once, so one damaged file can make several keys unusable:
   * each of them is removed and counted as checked and corrupt, so that {@code checked - corrupt}
   * is what {@link #stats()} reports afterwards, unless another process changed the cache
   * meanwhile.
   *
   * @param progress told (done, total) after each entry; total is the count of index records
   * @return what was checked and what was removed: every key, not every stored file
   * @throws IOException if listing or reading the cache fails for another reason than corruption
   */
  CacheVerification verifyAll(Progress progress) throws IOException;

  /** Told of the progress of a long operation. */
  @FunctionalInterface
  interface Progress {
    /** {@code done} of {@code total} steps are done. */
    void update(long done, long total);
  }

  /** Removes {@code namespace}/{@code key}'s entry; whether there was one. */
  boolean invalidate(String namespace, String key) throws IOException;

  /** Removes every entry. */
  void clear() throws IOException;

  /**
   * Removes content no key points at and leftovers of interrupted writes, and re-applies the size
   * limit (least recently used first).
   *
   * @return the bytes freed
   */
  long gc() throws IOException;

  /** Counts since the cache was opened, and what it holds now. */
  CacheStats stats();

  /**
   * Closes the cache. An ephemeral cache's directory is removed with everything in it; a
   * persistent one stays. Entries already returned stay readable. Idempotent.
   */
  @Override
  void close() throws IOException;
}
