package dev.sectools.temp;

import dev.sectools.fs.PathDisplay;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.temp.TempEngine;
import dev.sectools.internal.temp.TempNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Private temp files and directories that no other user can read, guess, pre-create or redirect:
 * the Java counterpart of Python's {@code tempfile.mkstemp}/{@code mkdtemp}, with removal that
 * never follows a link.
 *
 * <pre>{@code
 * try (TempDirectory dir = SecureTemp.createDirectory("myapp-")) {      // 0700
 *   dir.root().write("secret.json", json);                              // 0600, confined
 * }                                                                     // removed
 * try (TempFile f = SecureTemp.createFile("upload-", ".part")) {         // 0600, open read-write
 *   f.channel().write(ByteBuffer.wrap(chunk));
 * }
 * Path cache = SecureTemp.processDirectory();                           // removed at JVM exit
 * SecureTemp.ensurePrivateDirectory(Path.of(home, ".cache/myapp"));     // 0700 or refused
 * }</pre>
 *
 * <h2>Guarantees (Linux)</h2>
 * <ul>
 *   <li>Names carry 128 random bits from {@link java.security.SecureRandom}.
 *   <li>Creation is exclusive and never follows or opens anything that already holds the name
 *       (a file, a planted link, a FIFO): {@code O_CREAT | O_EXCL | O_NOFOLLOW}, or
 *       {@code mkdirat}; on a collision a new name is drawn, at most 64 times.
 *   <li>Permissions are {@code 0600} for files and {@code 0700} for directories from the moment
 *       the entry exists, then set exactly with {@code fchmod} on its descriptor, so no umask
 *       widens or narrows them and there is no chmod-by-path window.
 *   <li>The base directory is refused ({@link InsecureDirectoryException}) if it belongs to
 *       another user (root excepted), or group or others may write to it without the sticky bit:
 *       there someone else could rename or remove our entries.
 *   <li>Removal acts through a descriptor of the base directory and never follows a link.
 * </ul>
 * Other platforms use the JDK and keep weaker promises; see {@code docs/temp.md}.
 *
 * <h2>Warning</h2>
 * The base directory's own path is resolved following links: take it from trusted
 * configuration. Temp data reaches the disk unless the base is memory-backed
 * ({@link BaseDirectory#XDG_RUNTIME_DIR} usually is); nothing here keeps it out of backups of
 * that disk. Removal at close does not happen if the JVM is killed ({@code SIGKILL}, OOM killer).
 */
public final class SecureTemp {
  private static final String PROCESS_PREFIX = "sectools-process-";

  private SecureTemp() {}

  /**
   * Creates a private temp directory in {@code java.io.tmpdir}, removed on close.
   *
   * @param prefix the start of the name; no {@code /}, {@code \} or NUL
   * @return the open temp directory; close it to remove it
   * @throws IOException as {@link #createDirectory(String, TempOptions)} does
   * @see #createDirectory(String, TempOptions)
   */
  public static TempDirectory createDirectory(String prefix) throws IOException {
    return createDirectory(prefix, TempOptions.defaults());
  }

  /**
   * Creates a private ({@code 0700}) temp directory named {@code prefix} + 26 random characters
   * in the options' base directory.
   *
   * @param prefix the start of the name (helps debugging; may be empty); no {@code /}, {@code \}
   *     or NUL
   * @throws IllegalArgumentException if the prefix holds a separator or NUL, or is too long
   * @throws InsecureDirectoryException if the base directory is not safe to create in
   * @throws java.nio.file.NoSuchFileException if the base directory does not exist (or
   *     {@code $XDG_RUNTIME_DIR} is not set when chosen)
   * @throws java.nio.file.FileAlreadyExistsException if 64 fresh names in a row were taken
   * @throws IOException for other failures
   */
  public static TempDirectory createDirectory(String prefix, TempOptions options) throws IOException {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(options, "options");
    TempNames.check(prefix, "");
    return new TempDirectory(TempEngine.forPlatform().createDirectory(options.resolveBase(), prefix, "",
        new PathNamer(options.pathDisplay())), options);
  }

  /**
   * Creates a private temp file in {@code java.io.tmpdir}, removed on close.
   *
   * @param prefix the start of the name; no {@code /}, {@code \} or NUL
   * @param suffix the end of the name (for example {@code ".json"}); no {@code /}, {@code \} or NUL
   * @return the open temp file; close it to remove it
   * @throws IOException as {@link #createFile(String, String, TempOptions)} does
   * @see #createFile(String, String, TempOptions)
   */
  public static TempFile createFile(String prefix, String suffix) throws IOException {
    return createFile(prefix, suffix, TempOptions.defaults());
  }

  /**
   * Creates a private ({@code 0600}) temp file named {@code prefix} + 26 random characters +
   * {@code suffix} in the options' base directory, open for reading and writing.
   *
   * @throws IllegalArgumentException if the prefix or suffix holds a separator or NUL, or the
   *     name would exceed 255 bytes
   * @throws InsecureDirectoryException if the base directory is not safe to create in
   * @throws java.nio.file.NoSuchFileException if the base directory does not exist
   * @throws java.nio.file.FileAlreadyExistsException if 64 fresh names in a row were taken
   * @throws IOException for other failures
   */
  public static TempFile createFile(String prefix, String suffix, TempOptions options) throws IOException {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(options, "options");
    TempNames.check(prefix, suffix);
    return new TempFile(TempEngine.forPlatform().createFile(options.resolveBase(), prefix, suffix,
        new PathNamer(options.pathDisplay())), options);
  }

  /**
   * This process's private ephemeral directory ({@code 0700} in {@code java.io.tmpdir}): created
   * on first call (thread-safe), the same directory for every later call, and removed with
   * everything inside it by a shutdown hook when the JVM exits normally, through
   * {@link System#exit}, on {@code SIGTERM}/{@code SIGINT}, or after an uncaught exception ends
   * {@code main}. The pattern a per-process cache relies on: no other process, of this user or
   * another, shares it.
   *
   * <h4>Warning</h4>
   * Nothing runs when the JVM is killed with {@code SIGKILL} or crashes: the directory then stays
   * behind (private, but on disk until the system cleans {@code /tmp}). Calls made from other
   * shutdown hooks may find it already removed.
   *
   * @throws IllegalStateException if the JVM is already shutting down at the first call
   * @throws IOException if the directory cannot be created (see {@link #createDirectory(String)})
   */
  public static Path processDirectory() throws IOException {
    return ProcessDirectory.get(PROCESS_PREFIX);
  }

  /**
   * {@link #ensurePrivateDirectory(Path, ExistingDirectoryPolicy)} with
   * {@link ExistingDirectoryPolicy#REFUSE}.
   */
  public static Path ensurePrivateDirectory(Path dir) throws IOException {
    return ensurePrivateDirectory(dir, ExistingDirectoryPolicy.REFUSE);
  }

  /**
   * Makes sure {@code dir} is a directory only the current user can use, Python's
   * {@code secure_makedirs} done without races. If it is missing, it is created {@code 0700},
   * and so is each missing parent (existing parents are left as they are). If it exists, it must
   * be a real directory (not a link to one) owned by the current user; group or other permission
   * bits are then refused or removed as {@code policy} says.
   *
   * <h4>Warning</h4>
   * Existing ancestors are resolved following links: the path should come from trusted
   * configuration. A private directory inside a directory others can rename things in is only as
   * safe as that parent; prefer paths under your home or {@code $XDG_RUNTIME_DIR}.
   *
   * @return {@code dir} as an absolute, normalized path
   * @throws InsecureDirectoryException with {@link InsecureDirectoryException.Problem#SYMLINK},
   *     {@code NOT_A_DIRECTORY}, {@code FOREIGN_OWNER} or (under {@code REFUSE})
   *     {@code GROUP_OR_OTHER_ACCESS}
   * @throws IllegalArgumentException for the file system root
   * @throws IOException for other failures
   */
  public static Path ensurePrivateDirectory(Path dir, ExistingDirectoryPolicy policy) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(policy, "policy");
    Path abs = dir.toAbsolutePath().normalize();
    TempEngine.forPlatform().ensurePrivateDirectory(abs, policy, new PathNamer(PathDisplay.REDACTED));
    return abs;
  }
}
