package dev.sectools.cache;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.internal.cache.FileStore;
import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The file cache: content-addressed files {@code content/ab/cd/<sha256>} under a private directory
 * ({@code 0700} directories, {@code 0600} files, every path resolved beneath a directory
 * descriptor by {@link ConfinedRoot}, no link ever followed), and one index record per key.
 *
 * <ul>
 *   <li>A {@code put} hashes while it writes into a nameless temporary file and links it in, then
 *       renames it to its content name, only once the hash is known (and matches, for
 *       {@code putVerified}). Identical content is stored once.
 *   <li>The index record of each key carries its own checksum; a damaged or tampered record is
 *       a miss, and since {@code get} checks the content against the SHA-256 the caller expects,
 *       a forged record can cause a miss, never a wrong answer.
 *   <li>Above {@link CacheConfig#maxSizeBytes()} the least recently used keys are evicted;
 *       {@link #gc()} removes content no key points at.
 * </ul>
 *
 * <h2>Modes</h2>
 * {@link CacheConfig.Mode#EPHEMERAL} (the default) makes a fresh directory inside
 * {@link SecureTemp#processDirectory()}: no other process shares it, and it is removed at close
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
    ConfinedRoot root;
    AutoCloseable owner;
    if (config.mode() == CacheConfig.Mode.EPHEMERAL) {
      TempDirectory dir = SecureTemp.createDirectory("cache-",
          TempOptions.builder().baseDirectory(SecureTemp.processDirectory()).build());
      root = dir.root();
      owner = dir;
    } else {
      Path dir = SecureTemp.ensurePrivateDirectory(config.directory(), config.directoryPolicy());
      root = ConfinedRoot.open(dir);
      owner = root;
    }
    FileCache cache;
    try {
      cache = new FileCache(new FileStore(root, owner, config.maxSizeBytes(), config.ttl().orElse(null),
          config.durability(), config.clock()));
    } catch (IOException | RuntimeException e) {
      try {
        owner.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
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
