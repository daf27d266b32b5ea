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
import java.nio.file.Path;

/**
 * {@code secure_makedirs} done with descriptors: each missing directory is made with
 * {@code mkdirat} in its parent's descriptor and opened {@code O_NOFOLLOW | O_DIRECTORY} to set
 * {@code 0700} exactly; an existing final directory is checked (and tightened if asked) through
 * such a descriptor, never by path.
 */
final class PrivateDirectories {
  private static final int OPEN_NOFOLLOW = LinuxTempEngine.OPEN_DIR | LibC.O_NOFOLLOW | LibC.O_NONBLOCK;

  private PrivateDirectories() {}

  /** Ensures {@code dir} is a private directory; returns an open descriptor of it. */
  static int ensure(Path dir, ExistingDirectoryPolicy policy, PathNamer namer) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null || abs.getFileName() == null) {
      throw new IllegalArgumentException("the file system root cannot be made private");
    }
    int parentFd = openOrCreate(parent, namer);
    try {
      return ensureAt(parentFd, abs, policy, namer);
    } finally {
      LibC.closeQuietly(parentFd);
    }
  }

  /**
   * Opens an existing directory by path (links in existing ancestors are followed: they come
   * from configuration), or creates it and missing parents privately.
   */
  private static int openOrCreate(Path dir, PathNamer namer) throws IOException {
    Path parent = dir.getParent();
    try {
      return LibC.openat(LibC.AT_FDCWD, LibC.cString(dir.toString()), LinuxTempEngine.OPEN_DIR, 0);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.ENOENT || parent == null) {
        throw DescriptorTrees.error(e, namer.show(dir.toString()));
      }
    }
    int parentFd = openOrCreate(parent, namer);
    try {
      // A parent that appears between the failed open and our mkdirat is held to the same rules.
      return ensureAt(parentFd, dir, ExistingDirectoryPolicy.REFUSE, namer);
    } finally {
      LibC.closeQuietly(parentFd);
    }
  }

  private static int ensureAt(int parentFd, Path dir, ExistingDirectoryPolicy policy, PathNamer namer)
      throws IOException {
    String display = namer.show(dir.toString());
    byte[] cName = LibC.cString(String.valueOf(dir.getFileName()));
    boolean created;
    int fd;
    try {
      try {
        LibC.mkdirat(parentFd, cName, LinuxTempEngine.DIR_MODE);
        created = true;
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EEXIST) {
          throw e;
        }
        created = false;
      }
      fd = openNoFollow(parentFd, cName, display);
    } catch (ErrnoException e) {
      throw DescriptorTrees.error(e, display);
    }
    try {
      Stat st = LibC.statx(fd, LinuxTempEngine.EMPTY, LibC.AT_EMPTY_PATH);
      int uid = TempCalls.geteuid();
      if (st.uid() != uid) {
        throw new InsecureDirectoryException(display, Problem.FOREIGN_OWNER,
            "the directory belongs to uid " + st.uid() + ", not to us (" + uid + ")");
      }
      if (created) {
        LibC.fchmod(fd, LinuxTempEngine.DIR_MODE);
      } else if ((st.permissions() & 0077) != 0) {
        if (policy == ExistingDirectoryPolicy.REFUSE) {
          throw new InsecureDirectoryException(display, Problem.GROUP_OR_OTHER_ACCESS, String.format(
              "mode %04o gives group or others access (ExistingDirectoryPolicy.TIGHTEN would set 0700)",
              st.permissions()));
        }
        LibC.fchmod(fd, LinuxTempEngine.DIR_MODE);
      }
      return fd;
    } catch (ErrnoException e) {
      LibC.closeQuietly(fd);
      throw DescriptorTrees.error(e, display);
    } catch (IOException | RuntimeException e) {
      LibC.closeQuietly(fd);
      throw e;
    }
  }

  private static int openNoFollow(int parentFd, byte[] cName, String display)
      throws ErrnoException, InsecureDirectoryException {
    try {
      return LibC.openat(parentFd, cName, OPEN_NOFOLLOW, 0);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.ELOOP && e.errno() != Errno.ENOTDIR) {
        throw e;
      }
      Stat st = LibC.statx(parentFd, cName, LibC.AT_SYMLINK_NOFOLLOW);
      if (st.isSymlink()) {
        throw new InsecureDirectoryException(display, Problem.SYMLINK,
            "the name is a symbolic link, which is never followed");
      }
      throw new InsecureDirectoryException(display, Problem.NOT_A_DIRECTORY, "the name is not a directory");
    }
  }
}
