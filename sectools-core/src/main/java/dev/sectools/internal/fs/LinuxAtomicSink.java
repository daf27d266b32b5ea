package dev.sectools.internal.fs;

import dev.sectools.fs.Durability;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.internal.linux.Stat;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An atomic write into one directory descriptor.
 *
 * <p>Preferred path: the content goes into an unnamed {@code O_TMPFILE} inode, so a crash while
 * writing leaves nothing behind. At commit the inode is fsynced, then linked in: straight under
 * the target name for {@link WriteMode#CREATE_NEW} (which fails atomically if the name exists),
 * or under a temporary name and renamed over the target for {@link WriteMode#REPLACE}.
 *
 * <p>The temporary name is the target's reserved name {@code .<name>.sectools-tmp}. The writer
 * holds an {@code flock} on its inode until the rename is done, so only a kill in the
 * microseconds between link and rename can leave that name, and the next writer of the target
 * recognises such a left-over (a regular file whose lock is free) and removes it. Anything else
 * found under the reserved name (a live writer's file, a directory, a link, a FIFO) is never
 * touched or waited for: the write then uses a fresh random name
 * {@code .<name>.<random>.sectools-tmp} instead.
 *
 * <p>Fallback, where the file system has no {@code O_TMPFILE} or {@code /proc} is not mounted: a
 * named temporary file {@code .<name>.<random>.sectools-tmp} created with {@code O_EXCL}, removed
 * on every failure this process sees (a {@code SIGKILL} while writing can leave it behind).
 */
final class LinuxAtomicSink implements FileEngine.AtomicSink {
  private static final System.Logger LOG = System.getLogger("dev.sectools.fs");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SUFFIX = ".sectools-tmp";
  /** Random names tried before giving up; each collides with odds of 2^-64. */
  private static final int MAX_NAME_ATTEMPTS = 16;

  private final int dirFd;
  private final byte[] name;
  private final String nameString;
  private final ParsedPath path;
  private final WriteOptions options;
  private final int fd;
  private final byte[] namedTemp; // null for O_TMPFILE
  private long written;
  private boolean committed;
  private boolean closed;

  private LinuxAtomicSink(int dirFd, String name, ParsedPath path, WriteOptions options, int fd,
      byte[] namedTemp) {
    this.dirFd = dirFd;
    this.nameString = name;
    this.name = LibC.cString(name);
    this.path = path;
    this.options = options;
    this.fd = fd;
    this.namedTemp = namedTemp;
  }

  /** Opens the temporary inode in {@code dirFd}, which the sink then owns. */
  static LinuxAtomicSink start(int dirFd, String name, ParsedPath path, WriteOptions options,
      boolean useTmpfile) throws IOException {
    int mode = PosixModes.toMode(options.permissions());
    int fd = -1;
    byte[] named = null;
    try {
      if (useTmpfile) {
        try {
          fd = LibC.openat(dirFd, LibC.cString("."), LibC.O_TMPFILE | LibC.O_WRONLY | LibC.O_CLOEXEC, mode);
          LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB); // a fresh inode: nobody else can hold it
        } catch (ErrnoException e) {
          if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.EISDIR && e.errno() != Errno.EINVAL) {
            throw e;
          }
          LibC.closeQuietly(fd);
          fd = -1;
        }
      }
      for (int attempt = 1; fd < 0; attempt++) { // no O_TMPFILE here: a named temporary file
        named = LibC.cString(randomTempName(name));
        try {
          fd = LibC.openat(dirFd, named,
              LibC.O_CREAT | LibC.O_EXCL | LibC.O_WRONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, mode);
        } catch (ErrnoException e) {
          if (e.errno() != Errno.EEXIST || attempt >= MAX_NAME_ATTEMPTS) {
            named = null; // not ours: never removed
            throw e;
          }
        }
      }
      LibC.fchmod(fd, mode); // exact permissions, whatever the umask
      return new LinuxAtomicSink(dirFd, name, path, options, fd, named);
    } catch (ErrnoException e) {
      LibC.closeQuietly(fd);
      if (named != null) {
        unlinkQuietly(dirFd, named);
      }
      LibC.closeQuietly(dirFd);
      throw Errors.of(e, path, options.symlinkPolicy());
    }
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    checkOpen();
    if (length > options.maxSizeBytes() - written) {
      close();
      throw new SizeLimitExceededException(path.display(), options.maxSizeBytes());
    }
    try {
      for (int done = 0; done < length; ) {
        int n = Math.min(length - done, LinuxEngine.CHUNK_BYTES);
        LibC.writeFully(fd, data, offset + done, n);
        done += n;
      }
      written += length;
    } catch (ErrnoException e) {
      close();
      throw Errors.of(e, path, options.symlinkPolicy());
    }
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    checkOpen();
    int length = src.remaining();
    if (length > options.maxSizeBytes() - written) {
      close();
      throw new SizeLimitExceededException(path.display(), options.maxSizeBytes());
    }
    try {
      if (src.isDirect()) {
        NativeMemory.writeFully(fd, MemorySegment.ofBuffer(src));
      } else if (src.hasArray()) {
        LibC.writeFully(fd, src.array(), src.arrayOffset() + src.position(), length);
      } else { // a read-only heap buffer: its bytes are on the heap already
        byte[] copy = new byte[length];
        src.duplicate().get(copy);
        try {
          LibC.writeFully(fd, copy, 0, length);
        } finally {
          java.util.Arrays.fill(copy, (byte) 0);
        }
      }
      src.position(src.limit());
      written += length;
    } catch (ErrnoException e) {
      close();
      throw Errors.of(e, path, options.symlinkPolicy());
    }
  }

  @Override
  public void commit() throws IOException {
    checkOpen();
    try {
      if (options.durability() != Durability.NONE) {
        LibC.fsync(fd);
      }
      if (namedTemp != null) {
        commitNamed();
      } else if (options.mode() == WriteMode.CREATE_NEW) {
        linkInode(name);
      } else {
        byte[] temp = linkUnderTemporaryName();
        try {
          LibC.renameat(dirFd, temp, dirFd, name);
        } catch (ErrnoException e) {
          unlinkQuietly(dirFd, temp);
          throw e;
        }
      }
      committed = true;
      if (options.durability() == Durability.FILE_AND_DIRECTORY) {
        LibC.fsync(dirFd);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, options.symlinkPolicy());
    } finally {
      close(); // releases the flock only now, after the rename
    }
  }

  private void commitNamed() throws ErrnoException {
    try {
      if (options.mode() == WriteMode.REPLACE) {
        LibC.renameat(dirFd, namedTemp, dirFd, name);
      } else {
        createNewFromNamed();
      }
    } catch (ErrnoException e) {
      unlinkQuietly(dirFd, namedTemp);
      throw e;
    }
  }

  private void createNewFromNamed() throws ErrnoException {
    try {
      LibC.renameat2(dirFd, namedTemp, dirFd, name, LibC.RENAME_NOREPLACE);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOSYS) {
        throw e;
      }
      LibC.linkat(dirFd, namedTemp, dirFd, name, 0); // fails with EEXIST, atomically
      unlinkQuietly(dirFd, namedTemp);
    }
  }

  // Links our O_TMPFILE inode under the reserved name, reclaiming it from a dead writer, or
  // under a random name when the reserved one is in use or taken by something else.
  private byte[] linkUnderTemporaryName() throws ErrnoException {
    byte[] reserved = LibC.cString(fixedTempName(nameString));
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        linkInode(reserved);
        return reserved;
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EEXIST) {
          throw e;
        }
      }
      if (!removeIfAbandoned(reserved)) {
        break;
      }
    }
    for (int attempt = 1; ; attempt++) {
      byte[] temp = LibC.cString(randomTempName(nameString));
      try {
        linkInode(temp);
        return temp;
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EEXIST || attempt >= MAX_NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  // A regular file under the reserved name whose flock is free was left by a writer killed
  // between link and rename: remove it. Whether the name is gone (or was just removed) is the
  // answer; a directory, link, FIFO or device is never opened, and a held lock means a live writer.
  private boolean removeIfAbandoned(byte[] temp) {
    int other = -1;
    try {
      Stat seen = LibC.statx(dirFd, temp, LibC.AT_SYMLINK_NOFOLLOW);
      if (!seen.isRegular()) {
        return false;
      }
      other = LibC.openat(dirFd, temp, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
      Stat held = LibC.statx(other, new byte[1], LibC.AT_EMPTY_PATH);
      if (!held.isRegular() || !held.sameFile(seen)) {
        return false; // swapped in between: leave it alone
      }
      LibC.flock(other, LibC.LOCK_EX | LibC.LOCK_NB);
      // We hold its lock: its writer is dead, or has renamed it already. Remove the name only if
      // it still refers to this inode; a live writer's newer link has another inode.
      if (LibC.statx(dirFd, temp, LibC.AT_SYMLINK_NOFOLLOW).sameFile(held)) {
        LibC.unlinkat(dirFd, temp, 0);
        LOG.log(System.Logger.Level.INFO, "removed the temporary file of an interrupted write of {0}",
            path.display());
      }
      return true;
    } catch (ErrnoException e) {
      return e.errno() == Errno.ENOENT;
    } finally {
      LibC.closeQuietly(other);
    }
  }

  private void linkInode(byte[] target) throws ErrnoException {
    try {
      LibC.linkat(LibC.AT_FDCWD, LibC.cString("/proc/self/fd/" + fd), dirFd, target, LibC.AT_SYMLINK_FOLLOW);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.ENOENT) {
        throw e;
      }
      LibC.linkat(fd, new byte[1], dirFd, target, LibC.AT_EMPTY_PATH);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("atomic write already committed or discarded");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!committed && namedTemp != null) {
      unlinkQuietly(dirFd, namedTemp);
    }
    LibC.closeQuietly(fd);
    LibC.closeQuietly(dirFd);
  }

  private static void unlinkQuietly(int dirFd, byte[] name) {
    try {
      LibC.unlinkat(dirFd, name, 0);
    } catch (ErrnoException ignored) {
      // Best effort on a path that already failed; the caller reports the first error.
    }
  }

  /** The reserved temporary name of {@code name}: {@code .<name>.sectools-tmp}. */
  static String fixedTempName(String name) {
    return "." + shortened(name) + SUFFIX;
  }

  /** A fresh temporary name for {@code name}: {@code .<name>.<16 hex digits>.sectools-tmp}. */
  static String randomTempName(String name) {
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    return "." + shortened(name) + "." + HexFormat.of().formatHex(r) + SUFFIX;
  }

  // Keeps temporary names within NAME_MAX: long names are replaced by a digest of themselves.
  private static String shortened(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= 200) {
      return name;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
