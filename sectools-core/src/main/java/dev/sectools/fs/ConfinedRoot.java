package dev.sectools.fs;

import dev.sectools.internal.fs.FileEngine;
import dev.sectools.internal.fs.LinuxEngine;
import dev.sectools.internal.fs.ParsedPath;
import dev.sectools.internal.fs.PathCheckEngine;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.fs.PathParser;
import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A directory that file operations can never escape: the Java counterpart of Go's
 * {@code os.Root} and Rust's {@code cap-std}.
 *
 * <p>A {@code ConfinedRoot} holds an open descriptor of its directory. Every path given to it is
 * relative to that descriptor (or absolute but inside the root) and is resolved by the kernel
 * with {@code openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)}, or, where {@code openat2} is
 * missing, by walking one component at a time with {@code O_NOFOLLOW}. Symbolic links, {@code ..}
 * segments and renames racing with the operation cannot make it touch anything outside the root.
 *
 * <pre>{@code
 * try (ConfinedRoot root = ConfinedRoot.open(Path.of("/var/lib/myapp"))) {
 *   root.createDirectories("keys");
 *   root.write("keys/api.key", keyBytes);           // 0600, atomic, fsynced
 *   byte[] key = root.read("keys/api.key");          // regular files only, 16 MiB cap
 *   root.read("../etc/passwd");                       // PathEscapeException
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>No operation reads, writes, creates, removes or renames anything outside the root, even
 *       while another process swaps directories and links inside it.
 *   <li>Only regular files are read or replaced; FIFOs, sockets and devices are refused without
 *       blocking.
 *   <li>Writes are atomic: readers see the complete old or the complete new content, and a failed
 *       write leaves the old file intact and no temporary file behind.
 *   <li>New files get {@code 0600} and new directories {@code 0700} unless told otherwise, set at
 *       creation and never widened.
 *   <li>Exceptions name paths in redacted form unless {@link PathDisplay#FULL} is chosen, and never
 *       carry file contents.
 * </ul>
 *
 * <h2>Paths</h2>
 * Paths use {@code /} and are relative to the root, or absolute but inside it. A path ending in
 * {@code /} or {@code /.} names a directory: reading, writing or appending to one fails, and
 * {@link #stat}, {@link #delete}, {@link #deleteRecursively} and {@link #rename} then act only on
 * a directory ({@link java.nio.file.NotDirectoryException} otherwise). The slash never makes a
 * link be followed. Names listed that are not valid UTF-8 are shown with U+FFFD and cannot be
 * opened by the name shown; removal and link resolution use the exact bytes.
 *
 * <h2>Warning</h2>
 * The root's own path is resolved once, when it is opened, following links as any path does:
 * choose it from trusted configuration. Confinement is about names; it cannot stop a hard link
 * made inside the root to a file elsewhere (see {@link HardLinkPolicy#REFUSE_MULTIPLE}), a bind
 * mount, or root on the same machine. A file or directory that another process moves out of the
 * root after it was opened stays open. See {@code docs/files.md}.
 *
 * <p>Thread-safe. {@link #close()} waits for operations in progress; streams and channels opened
 * from the root stay usable after it is closed.
 */
public final class ConfinedRoot implements AutoCloseable {
  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

  private static final System.Logger LOG = System.getLogger("dev.sectools.fs");

  private final Path dir;
  private final FileEngine engine;
  private final PathNamer namer;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private ConfinedRoot(Path dir, FileEngine engine, PathNamer namer) {
    this.dir = dir;
    this.engine = engine;
    this.namer = namer;
  }

  /**
   * Opens {@code dir} as a root with the default options (automatic resolution, redacted paths).
   *
   * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
   * @throws java.nio.file.NotDirectoryException if {@code dir} is not a directory
   * @throws ConfinementUnavailableException if this platform cannot confine paths
   * @throws IOException for other failures opening the directory
   */
  public static ConfinedRoot open(Path dir) throws IOException {
    return open(dir, RootOptions.defaults());
  }

  /**
   * Opens {@code dir} as a root.
   *
   * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
   * @throws java.nio.file.NotDirectoryException if {@code dir} is not a directory
   * @throws ConfinementUnavailableException if the requested {@link Resolution} is not available
   *     here
   * @throws IOException for other failures opening the directory
   */
  public static ConfinedRoot open(Path dir, RootOptions options) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Path absolute = dir.toAbsolutePath().normalize();
    PathNamer namer = new PathNamer(options.pathDisplay());
    FileEngine engine;
    if (options.resolution() == Resolution.ALLOW_INSECURE_PATH_CHECKS) {
      LOG.log(System.Logger.Level.WARNING, "opening a root with Resolution.ALLOW_INSECURE_PATH_CHECKS:"
          + " paths are checked by name, and a process that can swap path components can escape it");
      engine = new PathCheckEngine(absolute, namer);
    } else {
      engine = LinuxEngine.open(absolute, options.resolution(), namer);
    }
    return new ConfinedRoot(absolute, engine, namer);
  }

  /** The root's absolute, normalized path, as given when opened. */
  public Path path() {
    return dir;
  }

  /** How this root confines paths, for example {@code "openat2(RESOLVE_BENEATH|…)"}. */
  public String confinement() {
    return engine.describe();
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * Reads a whole regular file with the {@linkplain ReadOptions#defaults() default options}.
   *
   * @see #read(String, ReadOptions)
   */
  public byte[] read(String path) throws IOException {
    return read(path, ReadOptions.defaults());
  }

  /**
   * Reads a whole regular file. An array holds at most {@code Integer.MAX_VALUE - 8} bytes, so
   * that is the cap for this method whatever {@link ReadOptions#maxSizeBytes()} says; stream
   * larger files with {@link #newInputStream(String, ReadOptions)}.
   *
   * @param path relative to the root, or absolute inside it
   * @throws SizeLimitExceededException if the file holds more than {@link ReadOptions#maxSizeBytes()}
   *     bytes, counting the bytes actually read
   * @throws PathEscapeException if the path leaves the root
   * @throws SymlinkRefusedException if a link is met that the policy refuses
   * @throws NotRegularFileException for a directory, FIFO, socket or device
   * @throws HardLinkRefusedException under {@link HardLinkPolicy#REFUSE_MULTIPLE}
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws java.nio.file.InvalidPathException if the path is empty, holds a NUL byte, or is too long
   */
  public byte[] read(String path, ReadOptions options) throws IOException {
    lock.readLock().lock();
    try {
      return engine.readAll(parse(path, options.dotDotPolicy()), options);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Reads a whole regular file into a {@link SecureBuffer} with the
   * {@linkplain ReadOptions#defaults() default options} and {@link MemoryPolicy#BEST_EFFORT}.
   *
   * @see #readToBuffer(String, ReadOptions, MemoryPolicy)
   */
  public SecureBuffer readToBuffer(String path) throws IOException {
    return readToBuffer(path, ReadOptions.defaults(), MemoryPolicy.BEST_EFFORT);
  }

  /** {@link #readToBuffer(String, ReadOptions, MemoryPolicy)} under {@link MemoryPolicy#BEST_EFFORT}. */
  public SecureBuffer readToBuffer(String path, ReadOptions options) throws IOException {
    return readToBuffer(path, options, MemoryPolicy.BEST_EFFORT);
  }

  /**
   * Reads a whole regular file into secure memory, under every policy and failure of
   * {@link #read(String, ReadOptions)}. The bytes go from the file descriptor straight into the
   * buffer's locked native memory: no copy is made on the Java heap. Close the buffer when done.
   *
   * @throws SizeLimitExceededException if the file holds more than {@link ReadOptions#maxSizeBytes()}
   *     bytes, counting the bytes actually read (whatever was read is wiped)
   * @throws dev.sectools.memory.MemoryLockException under {@link MemoryPolicy#REQUIRE_LOCKED} if the
   *     memory cannot be locked
   * @throws IOException as {@link #read(String, ReadOptions)} does
   */
  public SecureBuffer readToBuffer(String path, ReadOptions options, MemoryPolicy policy) throws IOException {
    Objects.requireNonNull(policy, "policy");
    lock.readLock().lock();
    try {
      return engine.readToBuffer(parse(path, options.dotDotPolicy()), options, policy);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Opens a size-capped stream with the default options; see {@link #newInputStream(String, ReadOptions)}. */
  public InputStream newInputStream(String path) throws IOException {
    return newInputStream(path, ReadOptions.defaults());
  }

  /**
   * Opens a stream over a regular file. The stream throws {@link SizeLimitExceededException} once
   * more than {@link ReadOptions#maxSizeBytes()} bytes come through it. Policy failures are the
   * same as {@link #read(String, ReadOptions)}'s.
   */
  public InputStream newInputStream(String path, ReadOptions options) throws IOException {
    lock.readLock().lock();
    try {
      return engine.newInputStream(parse(path, options.dotDotPolicy()), options);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Opens a read-only channel with the default options; see {@link #newByteChannel(String, ReadOptions)}. */
  public SeekableByteChannel newByteChannel(String path) throws IOException {
    return newByteChannel(path, ReadOptions.defaults());
  }

  /**
   * Opens a read-only seekable channel over a regular file. A file larger than
   * {@link ReadOptions#maxSizeBytes()} is refused at once, and a read that would return bytes
   * beyond the cap fails. Writing throws {@link java.nio.channels.NonWritableChannelException}.
   */
  public SeekableByteChannel newByteChannel(String path, ReadOptions options) throws IOException {
    lock.readLock().lock();
    try {
      return engine.newByteChannel(parse(path, options.dotDotPolicy()), options);
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Writes a file atomically with the {@linkplain WriteOptions#defaults() default options}. */
  public void write(String path, byte[] data) throws IOException {
    write(path, data, WriteOptions.defaults());
  }

  /**
   * Writes a file atomically: the bytes go to a hidden temporary file in the same directory
   * (created {@code 0600}/as configured, never under a guessable name), are fsynced, and replace
   * the target in one {@code rename}, after which the directory is fsynced. Readers see the
   * complete old or the complete new content; a failure leaves the old file byte-for-byte intact.
   *
   * @throws java.nio.file.FileAlreadyExistsException under {@link WriteMode#CREATE_NEW} if the
   *     name exists
   * @throws SizeLimitExceededException if {@code data} is longer than {@link WriteOptions#maxSizeBytes()}
   * @throws SymlinkRefusedException if the target is a link, or a parent is one the policy refuses
   * @throws NotRegularFileException if the target exists and is not a regular file
   * @throws PathEscapeException if the path leaves the root
   * @throws java.nio.file.FileSystemException with reason "no space left on device" when the
   *     disk is full
   */
  public void write(String path, byte[] data, WriteOptions options) throws IOException {
    Objects.requireNonNull(data, "data");
    try (AtomicOutputStream out = newAtomicOutputStream(path, options)) {
      out.write(data, 0, data.length);
      out.commit();
    }
  }

  /**
   * Writes a secret to a file atomically, as {@link #write(String, byte[], WriteOptions)} does.
   * The bytes go from the buffer's native memory to the file descriptor: no copy is made on the
   * Java heap. The buffer stays open.
   *
   * @throws IllegalStateException if {@code data} is closed
   * @throws IOException as {@link #write(String, byte[], WriteOptions)} does
   */
  public void write(String path, SecureBuffer data, WriteOptions options) throws IOException {
    Objects.requireNonNull(data, "data");
    FileEngine.AtomicSink sink;
    lock.readLock().lock();
    try {
      sink = engine.startAtomicWrite(parse(path, options.dotDotPolicy()), options);
    } finally {
      lock.readLock().unlock();
    }
    try (sink) {
      data.writeTo(sink.channel());
      sink.commit();
    }
  }

  /**
   * Writes everything {@code in} yields to a file atomically, as {@link #write(String, byte[],
   * WriteOptions)} does, without holding it all in memory.
   *
   * @return the number of bytes written
   * @throws SizeLimitExceededException once {@code in} yields more than
   *     {@link WriteOptions#maxSizeBytes()} bytes (nothing is then written)
   */
  public long write(String path, InputStream in, WriteOptions options) throws IOException {
    Objects.requireNonNull(in, "in");
    try (AtomicOutputStream out = newAtomicOutputStream(path, options)) {
      long n = in.transferTo(out);
      out.commit();
      return n;
    }
  }

  /**
   * Starts an atomic write; see {@link AtomicOutputStream}. The target's parent directories are
   * resolved now; the target itself is replaced at {@link AtomicOutputStream#commit()}.
   */
  public AtomicOutputStream newAtomicOutputStream(String path, WriteOptions options) throws IOException {
    lock.readLock().lock();
    try {
      return new AtomicOutputStream(engine.startAtomicWrite(parse(path, options.dotDotPolicy()), options));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Appends bytes to a regular file in place with the {@linkplain WriteOptions#defaults()
   * default options} (created {@code 0600} if missing, fsynced); see
   * {@link #append(String, byte[], WriteOptions)}.
   */
  public void append(String path, byte[] data) throws IOException {
    append(path, data, WriteOptions.defaults());
  }

  /**
   * Appends bytes to a regular file in place, creating it with {@link WriteOptions#permissions()}
   * if missing. For logs and journals; not atomic (a crash may leave a partial append). Never
   * writes through a link, FIFO or device.
   *
   * @throws SizeLimitExceededException if {@code data} is longer than {@link WriteOptions#maxSizeBytes()}
   * @throws HardLinkRefusedException under {@link HardLinkPolicy#REFUSE_MULTIPLE}
   */
  public void append(String path, byte[] data, WriteOptions options) throws IOException {
    Objects.requireNonNull(data, "data");
    lock.readLock().lock();
    try {
      engine.append(parse(path, options.dotDotPolicy()), data, 0, data.length, options);
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- directories ---------------------------------------------------------------------------

  /**
   * Creates one directory with permissions {@code 0700}; its parent must exist.
   *
   * @throws java.nio.file.FileAlreadyExistsException if the name exists
   */
  public void createDirectory(String path) throws IOException {
    createDirectory(path, DIRECTORY_PERMISSIONS);
  }

  /**
   * Creates one directory with exactly {@code permissions} (the umask does not narrow them).
   *
   * @throws java.nio.file.FileAlreadyExistsException if the name exists
   */
  public void createDirectory(String path, Set<PosixFilePermission> permissions) throws IOException {
    Objects.requireNonNull(permissions, "permissions");
    lock.readLock().lock();
    try {
      engine.createDirectory(parse(path, DotDotPolicy.REJECT), permissions, SymlinkPolicy.DENY,
          Durability.FILE_AND_DIRECTORY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Creates a directory and any missing parents, each {@code 0700}. Existing directories are
   * kept as they are; a link anywhere on the way is refused, never followed.
   */
  public void createDirectories(String path) throws IOException {
    lock.readLock().lock();
    try {
      engine.createDirectories(parse(path, DotDotPolicy.REJECT), DIRECTORY_PERMISSIONS,
          Durability.FILE_AND_DIRECTORY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Lists a directory ({@code "."} for the root), sorted by name, without {@code .} and
   * {@code ..}. Entry types are reported without following links.
   */
  public List<DirectoryEntry> list(String path) throws IOException {
    lock.readLock().lock();
    try {
      return engine.list(parse(path, DotDotPolicy.REJECT), SymlinkPolicy.DENY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Describes a file without following a final link (a link is reported as
   * {@link FileType#SYMLINK}); links in parent directories are refused.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws java.nio.file.NotDirectoryException if the path ends in {@code /} and names
   *     something other than a directory (a link to one included)
   */
  public FileInfo stat(String path) throws IOException {
    lock.readLock().lock();
    try {
      return engine.stat(parse(path, DotDotPolicy.REJECT), SymlinkPolicy.DENY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Whether {@code path} names anything (a dangling link counts), without following a final link.
   * False also when a component that must be a directory is not one ({@code "file/"},
   * {@code "file/x"}), as for {@code test -e}.
   */
  public boolean exists(String path) throws IOException {
    try {
      stat(path);
      return true;
    } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
      return false;
    }
  }

  // ---- removal and renaming ------------------------------------------------------------------

  /**
   * Removes a file, a link (never its target) or an empty directory.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such name
   * @throws java.nio.file.DirectoryNotEmptyException for a non-empty directory
   */
  public void delete(String path) throws IOException {
    lock.readLock().lock();
    try {
      engine.delete(parse(path, DotDotPolicy.REJECT), SymlinkPolicy.DENY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Removes {@code path} if it exists; returns whether it did. */
  public boolean deleteIfExists(String path) throws IOException {
    try {
      delete(path);
      return true;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Removes the file at {@code path} if it is still the file {@code opened} reads, and returns
   * whether it did: for a reader that found what it read damaged, and must not remove a good copy
   * someone renamed over the name since. {@code opened} is a channel from
   * {@link #newByteChannel(String, ReadOptions)} of this root, still open. With
   * {@link Resolution#ALLOW_INSECURE_PATH_CHECKS} the two identities are read by path (the
   * channel's just before it was opened), and where the platform gives files none the name is
   * removed.
   *
   * <h4>Warning</h4>
   * A rename over the name between the check and the removal (microseconds) is not seen: the
   * newer file is then removed. Who relies on the file at a name must check what it reads.
   *
   * @throws IllegalArgumentException if {@code opened} is not a channel this root opened
   */
  public boolean deleteIfSameFile(String path, SeekableByteChannel opened) throws IOException {
    lock.readLock().lock();
    try {
      return engine.deleteIfSame(parse(path, DotDotPolicy.REJECT), opened, SymlinkPolicy.DENY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Removes {@code path} and everything below it without following any link: a link inside the
   * tree, even one swapped in during the removal, is removed as a link and its target is left
   * alone. {@code "."} empties the root but keeps it.
   */
  public void deleteRecursively(String path) throws IOException {
    lock.readLock().lock();
    try {
      engine.deleteRecursively(parse(path, DotDotPolicy.REJECT), SymlinkPolicy.DENY);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Renames {@code from} to {@code to}, both inside the root, atomically. A link is moved as a
   * link. Under {@link WriteMode#REPLACE} an existing {@code to} is replaced; under
   * {@link WriteMode#CREATE_NEW} the rename fails if it exists. Both directories are fsynced.
   */
  public void rename(String from, String to, WriteMode mode) throws IOException {
    Objects.requireNonNull(mode, "mode");
    lock.readLock().lock();
    try {
      engine.rename(parse(from, DotDotPolicy.REJECT), parse(to, DotDotPolicy.REJECT), mode,
          SymlinkPolicy.DENY, Durability.FILE_AND_DIRECTORY);
    } finally {
      lock.readLock().unlock();
    }
  }

  private ParsedPath parse(String path, DotDotPolicy dotDot) throws PathEscapeException {
    Objects.requireNonNull(path, "path");
    if (closed) {
      throw new IllegalStateException("ConfinedRoot is closed");
    }
    return PathParser.parse(path, dir, dotDot, namer);
  }

  /** Closes the root's descriptor, after operations in progress finish. Idempotent. */
  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        engine.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Shows the confinement mode only; the root's path may itself be sensitive. */
  @Override
  public String toString() {
    return "ConfinedRoot{" + engine.describe() + (closed ? ", closed" : "") + "}";
  }
}
