package dev.sectools.cache;

import dev.sectools.internal.cache.FileStore;
import java.io.IOException;
import java.util.Objects;

/**
 * The file cache: content-addressed files {@code content/ab/cd/<sha256>} under a private directory
 * ({@code 0700} directories, {@code 0600} files, every path resolved beneath a directory
 * descriptor by {@link dev.sectools.fs.ConfinedRoot}, no link ever followed), and one index record per key.
 *
 * <ul>
 *   <li>A {@code put} hashes while it writes into a nameless temporary file and links it in, then
 *       renames it to its content name, only once the hash is known (and matches, for
 *       {@code putVerified}). Identical content is stored once.
 *   <li>The index record of each key carries its own checksum; a damaged or tampered record is
 *       a miss, and since {@code get} checks the content against the SHA-256 the caller expects,
 *       a forged record can cause a miss, never a wrong answer. A {@code get} of a key this
 *       process knows to hold that SHA-256 opens the content by it and reads the key's record
 *       while it hashes (entries up to 4 MiB), so the lookup costs it nothing; a key that does not
 *       hold that content (another process changed it) is a miss all the same.
 *   <li>Above {@link CacheConfig#maxSizeBytes()} the least recently used keys are evicted;
 *       {@link #gc()} removes content no key points at.
 * </ul>
 *
 * <h2>Modes</h2>
 * {@link CacheConfig.Mode#EPHEMERAL} (the default) makes a fresh directory inside
 * {@link dev.sectools.temp.SecureTemp#processDirectory()}: no other process shares it, and it is removed at close
 * and at JVM exit. {@link CacheConfig.Mode#PERSISTENT} uses {@link CacheConfig#directory()},
 * created {@code 0700} if missing and refused if it is a link, belongs to another user, or is open
 * to group or others (or tightened to {@code 0700}, under {@code ExistingDirectoryPolicy.TIGHTEN}).
 *
 * <h2>Warning</h2>
 * Recency is tracked per process: in a shared persistent cache each process evicts by what it has
 * seen. A key removed by one process while another reads it is a miss for the reader.
 */
public final class FileCache extends StoreBackedCache {
  private final FileStore files;

  private FileCache(FileStore files) {
    super(files);
    this.files = files;
  }

  /**
   * Opens a file cache as {@code config} says (its backend, encryption and signing settings are
   * not used here; see {@link VerifiedCache#open(CacheConfig)} for those).
   *
   * @throws dev.sectools.temp.InsecureDirectoryException if a persistent directory is refused
   * @throws IOException if the directory cannot be made or opened
   */
  public static FileCache open(CacheConfig config) throws IOException {
    return open(config, true);
  }

  static FileCache open(CacheConfig config, boolean withMetrics) throws IOException {
    Objects.requireNonNull(config, "config");
    long max = config.maxSizeBytes();
    FileStore files = config.mode() == CacheConfig.Mode.EPHEMERAL
        ? FileStore.ephemeral(max, config.ttl().orElse(null), config.durability(), config.clock())
        : FileStore.persistent(config.directory(), config.directoryPolicy(), max, config.ttl().orElse(null),
            config.durability(), config.clock());
    FileCache cache = new FileCache(files);
    if (withMetrics) {
      cache.bindMetrics(config);
    }
    return cache;
  }

  /** The engine, for {@link IntegrityMonitor}. */
  FileStore files() {
    return files;
  }
}
