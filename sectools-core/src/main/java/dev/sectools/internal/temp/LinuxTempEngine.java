package dev.sectools.internal.temp;

import dev.sectools.internal.fs.DescriptorTrees;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.Stat;
import dev.sectools.internal.linux.TempCalls;
import dev.sectools.temp.ExistingDirectoryPolicy;
import dev.sectools.temp.InsecureDirectoryException;
import dev.sectools.temp.InsecureDirectoryException.Problem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Temp entries on Linux, relative to a descriptor of the base directory: {@code mkdirat} or
 * {@code openat(O_CREAT | O_EXCL | O_NOFOLLOW)} with the final mode, then an exact
 * {@code fchmod} on the new descriptor (the umask neither widens nor narrows it), and removal
 * with {@code unlinkat} on the same base descriptor, never following a link.
 */
public final class LinuxTempEngine implements TempEngine {
  static final LinuxTempEngine SECURE = new LinuxTempEngine(TempNames.secure());

  static final int DIR_MODE = 0700;
  static final int FILE_MODE = 0600;
  static final int OPEN_DIR = LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC;
  static final byte[] EMPTY = new byte[1];
  private static final int CREATE_FILE = LibC.O_RDWR | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW
      | LibC.O_NOCTTY | LibC.O_CLOEXEC;

  private final TempNames names;

  /** An engine drawing names from {@code names}; tests pass a source that forces collisions. */
  public LinuxTempEngine(TempNames names) {
    this.names = names;
  }

  @Override
  public TempHandle createDirectory(Path base, String prefix, String suffix, PathNamer namer)
      throws IOException {
    int baseFd = openBase(base, namer);
    try {
      for (int attempt = 0; attempt < TempNames.MAX_ATTEMPTS; attempt++) {
        String name = names.next(prefix, suffix);
        byte[] cName = LibC.cString(name);
        Supplier<String> display = () -> namer.show(base.resolve(name).toString());
        try {
          LibC.mkdirat(baseFd, cName, DIR_MODE);
        } catch (ErrnoException e) {
          if (e.errno() == Errno.EEXIST) {
            continue; // someone holds this name: never touch it, draw another
          }
          throw DescriptorTrees.error(e, display.get());
        }
        try {
          int fd = LibC.openat(baseFd, cName, OPEN_DIR | LibC.O_NOFOLLOW, 0);
          try {
            requireOwnedByUs(fd, display);
            LibC.fchmod(fd, DIR_MODE);
          } finally {
            LibC.closeQuietly(fd);
          }
        } catch (ErrnoException e) {
          throw DescriptorTrees.error(e, display.get());
        }
        return new LinuxTempHandle(baseFd, base, name, null, namer);
      }
      throw exhausted(base, namer);
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(baseFd);
      throw e;
    }
  }

  @Override
  public TempHandle createFile(Path base, String prefix, String suffix, PathNamer namer)
      throws IOException {
    int baseFd = openBase(base, namer);
    try {
      for (int attempt = 0; attempt < TempNames.MAX_ATTEMPTS; attempt++) {
        String name = names.next(prefix, suffix);
        Supplier<String> display = () -> namer.show(base.resolve(name).toString());
        int fd;
        try {
          fd = LibC.openat(baseFd, LibC.cString(name), CREATE_FILE, FILE_MODE);
        } catch (ErrnoException e) {
          if (e.errno() == Errno.EEXIST) {
            continue; // a file, link or FIFO holds this name: never open it, draw another
          }
          throw DescriptorTrees.error(e, display.get());
        }
        try {
          LibC.fchmod(fd, FILE_MODE);
        } catch (ErrnoException e) {
          LibC.closeQuietly(fd);
          throw DescriptorTrees.error(e, display.get());
        }
        return new LinuxTempHandle(baseFd, base, name, new FdFileChannel(fd, display), namer);
      }
      throw exhausted(base, namer);
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(baseFd);
      throw e;
    }
  }

  @Override
  public void ensurePrivateDirectory(Path dir, ExistingDirectoryPolicy policy, PathNamer namer)
      throws IOException {
    LibC.closeQuietly(PrivateDirectories.ensure(dir, policy, namer));
  }

  private static FileAlreadyExistsException exhausted(Path base, PathNamer namer) {
    return new FileAlreadyExistsException(namer.show(base.toString()), null,
        "no free name after " + TempNames.MAX_ATTEMPTS + " attempts: something is squatting the names");
  }

  /**
   * Opens {@code base} (following links: it comes from configuration) and refuses it unless it
   * belongs to us or root and, if group or others may write to it, has the sticky bit: only
   * then can no one else rename or remove the entries we create in it.
   */
  static int openBase(Path base, PathNamer namer) throws IOException {
    Supplier<String> display = () -> namer.show(base.toString()); // only on failure: it costs an HMAC
    int fd;
    try {
      fd = LibC.openat(LibC.AT_FDCWD, LibC.cString(base.toString()), OPEN_DIR, 0);
    } catch (ErrnoException e) {
      throw DescriptorTrees.error(e, display.get());
    }
    try {
      Stat st = LibC.statx(fd, EMPTY, LibC.AT_EMPTY_PATH);
      int uid = TempCalls.geteuid();
      if (st.uid() != uid && st.uid() != 0) {
        throw new InsecureDirectoryException(display.get(), Problem.FOREIGN_OWNER,
            "the temp base directory belongs to uid " + st.uid() + ", neither us (" + uid + ") nor root");
      }
      if ((st.permissions() & 0022) != 0 && (st.permissions() & 01000) == 0) {
        throw new InsecureDirectoryException(display.get(), Problem.WRITABLE_WITHOUT_STICKY_BIT,
            String.format("the temp base directory is writable by others (mode %04o) without the"
                + " sticky bit, so they could rename or remove our entries", st.permissions()));
      }
      return fd;
    } catch (ErrnoException e) {
      LibC.closeQuietly(fd);
      throw DescriptorTrees.error(e, display.get());
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(fd);
      throw e;
    }
  }

  static void requireOwnedByUs(int fd, Supplier<String> display) throws ErrnoException, IOException {
    Stat st = LibC.statx(fd, EMPTY, LibC.AT_EMPTY_PATH);
    if (st.uid() != TempCalls.geteuid()) {
      throw new FileSystemException(display.get(), null, "the new directory was replaced by someone else's");
    }
  }
}
