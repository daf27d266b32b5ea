package dev.sectools.internal.fs;

import dev.sectools.fs.ConfinementUnavailableException;
import dev.sectools.fs.DirectoryEntry;
import dev.sectools.fs.Durability;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.HardLinkPolicy;
import dev.sectools.fs.HardLinkRefusedException;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.Resolution;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.Stat;
import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Confined file operations on Linux: every path is opened beneath the root descriptor by a
 * {@link Resolver} ({@code openat2}, or the descriptor walk), and every change is made with an
 * {@code *at} call on a resolved directory descriptor and a single-component name, so no
 * operation ever re-resolves a path the kernel could be tricked into following.
 */
public final class LinuxEngine implements FileEngine {
  /** The most bytes moved by one native read or write, so the garbage collector is never held up long. */
  static final int CHUNK_BYTES = 1 << 20;
  /** The largest array a whole-file read can return. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private static final int READ_FLAGS = LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOCTTY;
  private static final int DIR_FLAGS = LibC.O_RDONLY | LibC.O_DIRECTORY;
  private static final byte[] EMPTY = new byte[1];
  private static final boolean PROC_FD = Files.isDirectory(Path.of("/proc/self/fd"));

  private static final System.Logger LOG = System.getLogger("dev.sectools.fs");
  private static final AtomicBoolean WALK_NOTICE = new AtomicBoolean();

  private final int rootFd;
  private final Resolver resolver;

  private LinuxEngine(int rootFd, Resolver resolver) {
    this.rootFd = rootFd;
    this.resolver = resolver;
  }

  /**
   * Opens {@code dir} as a root.
   *
   * @throws ConfinementUnavailableException if the requested resolution is not available here
   */
  public static LinuxEngine open(Path dir, Resolution resolution, PathNamer namer) throws IOException {
    Resolver resolver = resolver(resolution);
    try {
      int fd = LibC.openat(LibC.AT_FDCWD, LibC.cString(dir.toString()), DIR_FLAGS | LibC.O_CLOEXEC, 0);
      return new LinuxEngine(fd, resolver);
    } catch (ErrnoException e) {
      throw Errors.of(e, namer.show(dir.toString()), SymlinkPolicy.FOLLOW_WITHIN_ROOT);
    }
  }

  /** Whether this platform can run this engine at all. */
  public static boolean isAvailable() {
    return LibC.isAvailable();
  }

  private static Resolver resolver(Resolution resolution) throws ConfinementUnavailableException {
    if (!LibC.isAvailable()) {
      throw new ConfinementUnavailableException(null, "no confined resolution on this platform ("
          + LibC.unavailableReason().orElse("unknown") + "); Resolution.ALLOW_INSECURE_PATH_CHECKS opts"
          + " into check-then-open by name");
    }
    return switch (resolution) {
      case AUTO -> {
        if (Openat2Resolver.isSupported()) {
          yield new Openat2Resolver();
        }
        if (WALK_NOTICE.compareAndSet(false, true)) {
          LOG.log(System.Logger.Level.INFO, "openat2 is not available (kernel older than 5.6, or"
              + " blocked by seccomp); confining paths with the descriptor walk instead");
        }
        yield new WalkResolver();
      }
      case OPENAT2 -> {
        if (!Openat2Resolver.isSupported()) {
          throw new ConfinementUnavailableException(null,
              "openat2 is not available (kernel older than 5.6, or blocked by seccomp)");
        }
        yield new Openat2Resolver();
      }
      case DESCRIPTOR_WALK -> new WalkResolver();
      case ALLOW_INSECURE_PATH_CHECKS -> throw new IllegalArgumentException(
          "LinuxEngine does not do insecure path checks");
    };
  }

  @Override
  public String describe() {
    return resolver.describe();
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Override
  public byte[] readAll(ParsedPath path, ReadOptions options) throws IOException {
    Opened file = openRegular(path, options);
    try {
      return readCapped(file.fd(), file.stat().size(), options.maxSizeBytes(), path);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, options.symlinkPolicy());
    } finally {
      LibC.closeQuietly(file.fd());
    }
  }

  @Override
  public SecureBuffer readToBuffer(ParsedPath path, ReadOptions options, MemoryPolicy policy)
      throws IOException {
    try (SeekableByteChannel ch = newByteChannel(path, options)) {
      return SecureBuffer.readFrom(ch, options.maxSizeBytes(), policy); // pread into native memory
    }
  }

  @Override
  public InputStream newInputStream(ParsedPath path, ReadOptions options) throws IOException {
    return new FdInputStream(openRegular(path, options).fd(), options.maxSizeBytes(), path);
  }

  @Override
  public SeekableByteChannel newByteChannel(ParsedPath path, ReadOptions options) throws IOException {
    Opened file = openRegular(path, options);
    if (file.stat().size() > options.maxSizeBytes()) {
      LibC.closeQuietly(file.fd());
      throw new SizeLimitExceededException(path.display(), options.maxSizeBytes());
    }
    return new FdChannel(file.fd(), options.maxSizeBytes(), path);
  }

  /** An open descriptor and what {@code fstat} said of it when it was checked. */
  private record Opened(int fd, Stat stat) {}

  // Opens without blocking (a FIFO opens at once with O_NONBLOCK) and inspects before any read.
  private Opened openRegular(ParsedPath path, ReadOptions options) throws IOException {
    int fd = resolver.open(rootFd, path, READ_FLAGS, 0, options.symlinkPolicy());
    try {
      Stat st = LibC.statx(fd, EMPTY, LibC.AT_EMPTY_PATH);
      checkRegular(st, path, options.hardLinkPolicy());
      return new Opened(fd, st);
    } catch (ErrnoException e) {
      LibC.closeQuietly(fd);
      throw Errors.of(e, path, options.symlinkPolicy());
    } catch (IOException e) {
      LibC.closeQuietly(fd);
      throw e;
    }
  }

  private static void checkRegular(Stat st, ParsedPath path, HardLinkPolicy hardLinks)
      throws IOException {
    if (!st.isRegular()) {
      throw new NotRegularFileException(path.display(), "not a regular file: " + PosixModes.fileType(st.type()));
    }
    if (hardLinks == HardLinkPolicy.REFUSE_MULTIPLE && st.nlink() > 1) {
      throw new HardLinkRefusedException(path.display(), "file has " + st.nlink() + " hard links");
    }
  }

  // Reads into an array of the size fstat reported, then probes for more: a file that grew is
  // read on until the cap, and the cap counts bytes read, not what fstat said.
  private static byte[] readCapped(int fd, long size, long max, ParsedPath path)
      throws ErrnoException, SizeLimitExceededException {
    max = Math.min(max, MAX_ARRAY_BYTES); // an array can hold no more, whatever the cap says
    if (size > max) {
      throw new SizeLimitExceededException(path.display(), max);
    }
    byte[] buf = new byte[(int) size];
    int n = fill(fd, buf, 0);
    if (n < buf.length) {
      return Arrays.copyOf(buf, n);
    }
    byte[] probe = new byte[1];
    if (LibC.read(fd, probe, 0, 1) == 0) {
      return buf;
    }
    long limit = max + 1;
    while (true) {
      if (n + 1L > max) {
        throw new SizeLimitExceededException(path.display(), max);
      }
      buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(2L * buf.length, buf.length + 8192L)));
      buf[n++] = probe[0];
      n = fill(fd, buf, n);
      if (n < buf.length) {
        if (n > max) {
          throw new SizeLimitExceededException(path.display(), max);
        }
        return Arrays.copyOf(buf, n);
      }
      if (LibC.read(fd, probe, 0, 1) == 0) {
        return buf;
      }
    }
  }

  private static int fill(int fd, byte[] buf, int from) throws ErrnoException {
    int n = from;
    while (n < buf.length) {
      int r = LibC.read(fd, buf, n, Math.min(buf.length - n, CHUNK_BYTES));
      if (r == 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  // ---- writes --------------------------------------------------------------------------------

  @Override
  public AtomicSink startAtomicWrite(ParsedPath path, WriteOptions options) throws IOException {
    String name = path.fileEntryName();
    int dirFd = resolver.open(rootFd, path.parent(), DIR_FLAGS, 0, options.symlinkPolicy());
    try {
      checkReplaceable(dirFd, name, path, options.mode());
    } catch (IOException e) {
      LibC.closeQuietly(dirFd);
      throw e;
    }
    return LinuxAtomicSink.start(dirFd, name, path, options, PROC_FD);
  }

  // Refuses early what the commit would replace wrongly. The commit never follows a link, so a
  // swap after this check can only replace the swapped-in name itself, inside the directory.
  private static void checkReplaceable(int dirFd, String name, ParsedPath path, WriteMode mode)
      throws IOException {
    Stat st;
    try {
      st = LibC.statx(dirFd, LibC.cString(name), LibC.AT_SYMLINK_NOFOLLOW);
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return;
      }
      throw Errors.of(e, path, null);
    }
    if (mode == WriteMode.CREATE_NEW) {
      throw new java.nio.file.FileAlreadyExistsException(path.display());
    }
    if (st.isSymlink()) {
      throw new SymlinkRefusedException(path.display(), "writes never replace a symbolic link");
    }
    if (!st.isRegular()) {
      throw new NotRegularFileException(path.display(), "not a regular file: " + PosixModes.fileType(st.type()));
    }
  }

  @Override
  public void append(ParsedPath path, byte[] data, int offset, int length, WriteOptions options)
      throws IOException {
    path.fileEntryName();
    if (length > options.maxSizeBytes()) {
      throw new SizeLimitExceededException(path.display(), options.maxSizeBytes());
    }
    int mode = PosixModes.toMode(options.permissions());
    int flags = LibC.O_WRONLY | LibC.O_APPEND | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_NOFOLLOW;
    boolean created = true;
    int fd;
    try {
      fd = resolver.open(rootFd, path, flags | LibC.O_CREAT | LibC.O_EXCL, mode, options.symlinkPolicy());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      created = false;
      fd = resolver.open(rootFd, path, flags, 0, options.symlinkPolicy());
    }
    try {
      Stat st = LibC.statx(fd, EMPTY, LibC.AT_EMPTY_PATH);
      checkRegular(st, path, options.hardLinkPolicy());
      if (created) {
        LibC.fchmod(fd, mode);
      }
      LibC.writeFully(fd, data, offset, length);
      if (options.durability() != Durability.NONE) {
        LibC.fsync(fd);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, options.symlinkPolicy());
    } finally {
      LibC.closeQuietly(fd);
    }
    if (created && options.durability() == Durability.FILE_AND_DIRECTORY) {
      syncParent(path, options.symlinkPolicy());
    }
  }

  // ---- directories ---------------------------------------------------------------------------

  @Override
  public void createDirectory(ParsedPath path, Set<PosixFilePermission> permissions,
      SymlinkPolicy links, Durability durability) throws IOException {
    String name = path.entryName();
    int dirFd = resolver.open(rootFd, path.parent(), DIR_FLAGS, 0, links);
    try {
      makeDirectory(dirFd, LibC.cString(name), PosixModes.toMode(permissions), durability);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    } finally {
      LibC.closeQuietly(dirFd);
    }
  }

  @Override
  public void createDirectories(ParsedPath path, Set<PosixFilePermission> permissions,
      Durability durability) throws IOException {
    int mode = PosixModes.toMode(permissions);
    int cur = rootFd;
    try {
      for (String component : path.components()) {
        if (component.equals("..")) {
          throw new InvalidPathException(path.display(), "'..' is not allowed when creating directories");
        }
        byte[] name = LibC.cString(component);
        int next;
        try {
          next = openOrMakeDirectory(cur, name, mode, durability);
        } catch (ErrnoException e) {
          if (isSymlink(cur, name)) {
            throw new SymlinkRefusedException(path.display(), "a link on the way is never followed");
          }
          throw e;
        }
        if (cur != rootFd) {
          LibC.closeQuietly(cur);
        }
        cur = next;
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, SymlinkPolicy.DENY);
    } finally {
      if (cur != rootFd) {
        LibC.closeQuietly(cur);
      }
    }
  }

  private static int openOrMakeDirectory(int dirFd, byte[] name, int mode, Durability durability)
      throws ErrnoException {
    int flags = DIR_FLAGS | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
    try {
      return LibC.openat(dirFd, name, flags, 0);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.ENOENT) {
        throw e;
      }
    }
    try {
      makeDirectory(dirFd, name, mode, durability);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EEXIST) { // lost a race with another creator: fine if a directory
        throw e;
      }
    }
    return LibC.openat(dirFd, name, flags, 0);
  }

  private static boolean isSymlink(int dirFd, byte[] name) {
    try {
      return LibC.statx(dirFd, name, LibC.AT_SYMLINK_NOFOLLOW).isSymlink();
    } catch (ErrnoException e) {
      return false;
    }
  }

  // mkdirat honours the umask, so the exact permissions are set on the new directory through a
  // descriptor opened without following links (a swap after mkdirat is refused, not chmod-ed).
  private static void makeDirectory(int dirFd, byte[] name, int mode, Durability durability)
      throws ErrnoException {
    LibC.mkdirat(dirFd, name, mode);
    int fd = LibC.openat(dirFd, name, DIR_FLAGS | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    try {
      LibC.fchmod(fd, mode);
      if (durability == Durability.FILE_AND_DIRECTORY) {
        LibC.fsync(dirFd);
      }
    } finally {
      LibC.closeQuietly(fd);
    }
  }

  @Override
  public List<DirectoryEntry> list(ParsedPath path, SymlinkPolicy links) throws IOException {
    int fd = resolver.open(rootFd, path, DIR_FLAGS | LibC.O_NONBLOCK, 0, links);
    try {
      return Directories.read(fd);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    } finally {
      LibC.closeQuietly(fd);
    }
  }

  @Override
  public FileInfo stat(ParsedPath path, SymlinkPolicy links) throws IOException {
    try {
      if (path.isRoot()) {
        return info(LibC.statx(rootFd, EMPTY, LibC.AT_EMPTY_PATH));
      }
      String name = path.entryName();
      int dirFd = resolver.open(rootFd, path.parent(), LibC.O_PATH | LibC.O_DIRECTORY, 0, links);
      try {
        Stat st = LibC.statx(dirFd, LibC.cString(name), LibC.AT_SYMLINK_NOFOLLOW);
        if (path.trailingSlash() && !st.isDirectory()) { // the slash never follows a link
          throw new NotDirectoryException(path.display());
        }
        return info(st);
      } finally {
        LibC.closeQuietly(dirFd);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    }
  }

  private static FileInfo info(Stat st) {
    return new FileInfo(PosixModes.fileType(st.type()), st.size(), PosixModes.toPermissions(st.mode()),
        Integer.toUnsignedLong(st.nlink()), Integer.toUnsignedLong(st.uid()),
        Instant.ofEpochSecond(st.mtimeSeconds(), st.mtimeNanos()));
  }

  // ---- deletion and renaming -----------------------------------------------------------------

  @Override
  public void delete(ParsedPath path, SymlinkPolicy links) throws IOException {
    byte[] name = LibC.cString(path.entryName());
    int dirFd = resolver.open(rootFd, path.parent(), DIR_FLAGS, 0, links);
    try {
      if (path.trailingSlash()) {
        LibC.unlinkat(dirFd, name, LibC.AT_REMOVEDIR); // ENOTDIR for anything but a directory
      } else {
        Directories.unlinkAny(dirFd, name);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    } finally {
      LibC.closeQuietly(dirFd);
    }
  }

  @Override
  public boolean deleteIfSame(ParsedPath path, SeekableByteChannel opened, SymlinkPolicy links)
      throws IOException {
    if (!(opened instanceof FdChannel channel)) {
      throw new IllegalArgumentException("not a channel this root opened");
    }
    Stat read = channel.stat();
    byte[] name = LibC.cString(path.entryName());
    int dirFd = resolver.open(rootFd, path.parent(), DIR_FLAGS, 0, links);
    try {
      if (!LibC.statx(dirFd, name, LibC.AT_SYMLINK_NOFOLLOW).sameFile(read)) {
        return false; // another file renamed over the name since: someone else's
      }
      LibC.unlinkat(dirFd, name, 0);
      return true;
    } catch (ErrnoException e) {
      if (e.errno() == Errno.ENOENT) {
        return false;
      }
      throw Errors.of(e, path, links);
    } finally {
      LibC.closeQuietly(dirFd);
    }
  }

  @Override
  public void deleteRecursively(ParsedPath path, SymlinkPolicy links) throws IOException {
    try {
      if (path.isRoot()) {
        Directories.deleteContents(rootFd);
        return;
      }
      byte[] name = LibC.cString(path.entryName());
      int dirFd = resolver.open(rootFd, path.parent(), DIR_FLAGS, 0, links);
      try {
        Directories.deleteTree(dirFd, name, path.trailingSlash());
      } finally {
        LibC.closeQuietly(dirFd);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    }
  }

  @Override
  public void rename(ParsedPath from, ParsedPath to, WriteMode mode, SymlinkPolicy links,
      Durability durability) throws IOException {
    // A trailing '/' is passed on: the kernel then renames only a directory (ENOTDIR otherwise)
    // and, as everywhere here, never follows a link.
    byte[] fromName = LibC.cString(from.entryName() + (from.trailingSlash() ? "/" : ""));
    byte[] toName = LibC.cString(to.entryName() + (to.trailingSlash() ? "/" : ""));
    int fromDir = resolver.open(rootFd, from.parent(), DIR_FLAGS, 0, links);
    int toDir = -1;
    try {
      toDir = resolver.open(rootFd, to.parent(), DIR_FLAGS, 0, links);
      if (mode == WriteMode.CREATE_NEW) {
        LibC.renameat2(fromDir, fromName, toDir, toName, LibC.RENAME_NOREPLACE);
      } else {
        LibC.renameat(fromDir, fromName, toDir, toName);
      }
      if (durability == Durability.FILE_AND_DIRECTORY) {
        LibC.fsync(toDir);
        LibC.fsync(fromDir);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, e.errno() == Errno.EEXIST ? to : from, links);
    } finally {
      LibC.closeQuietly(fromDir);
      LibC.closeQuietly(toDir);
    }
  }

  private void syncParent(ParsedPath path, SymlinkPolicy links) throws IOException {
    int dirFd = resolver.open(rootFd, path.parent(), DIR_FLAGS, 0, links);
    try {
      LibC.fsync(dirFd);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    } finally {
      LibC.closeQuietly(dirFd);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      LibC.close(rootFd);
    } catch (ErrnoException e) {
      throw new FileSystemException(null, null, "closing the root: " + Errno.describe(e.errno()));
    }
  }

}
