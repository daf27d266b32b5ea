package dev.sectools.internal.temp;

import dev.sectools.internal.fs.DescriptorTrees;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.Stat;
import dev.sectools.internal.linux.TempCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Overwrites temp files with zeros before removal (best-effort, see
 * {@link dev.sectools.temp.Overwrite}). Walks only through descriptors opened with
 * {@code O_NOFOLLOW}; overwrites only regular files with a single link, so a hard link to a file
 * elsewhere is never zeroed.
 */
final class Shredder {
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int MAX_DEPTH = 256;
  private static final int OPEN_FILE = LibC.O_WRONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK
      | LibC.O_NOCTTY | LibC.O_CLOEXEC;

  private Shredder() {}

  /**
   * Overwrites the temp entry {@code cName} in {@code baseFd}: through {@code channel} when it is
   * an open file, else by walking the tree. Failures are added to {@code failures}.
   */
  static void overwrite(int baseFd, byte[] cName, String shown, FdFileChannel channel,
      List<Exception> failures, PathNamer namer) {
    if (channel != null && channel.isOpen()) {
      try {
        zero(channel.fd());
      } catch (ErrnoException e) {
        failures.add(DescriptorTrees.error(e, namer.show(shown)));
      }
      return;
    }
    walk(baseFd, cName, shown, 0, failures, namer);
  }

  private static void walk(int dirFd, byte[] cName, String shown, int depth, List<Exception> failures,
      PathNamer namer) {
    try {
      Stat st = LibC.statx(dirFd, cName, LibC.AT_SYMLINK_NOFOLLOW);
      if (st.isRegular()) {
        int fd = LibC.openat(dirFd, cName, OPEN_FILE, 0);
        try {
          zero(fd);
        } finally {
          LibC.closeQuietly(fd);
        }
      } else if (st.isDirectory() && depth < MAX_DEPTH) {
        int fd = LibC.openat(dirFd, cName, LinuxTempEngine.OPEN_DIR | LibC.O_NOFOLLOW | LibC.O_NONBLOCK, 0);
        try {
          for (byte[] child : DescriptorTrees.names(fd)) {
            String childName = new String(child, 0, child.length - 1, StandardCharsets.UTF_8);
            walk(fd, child, shown + "/" + childName, depth + 1, failures, namer);
          }
        } finally {
          LibC.closeQuietly(fd);
        }
      }
    } catch (ErrnoException e) {
      failures.add(DescriptorTrees.error(e, namer.show(shown)));
    }
  }

  /** Zeroes a regular file with one link in place and fsyncs it; anything else is left alone. */
  private static void zero(int fd) throws ErrnoException {
    Stat st = LibC.statx(fd, LinuxTempEngine.EMPTY, LibC.AT_EMPTY_PATH);
    if (!st.isRegular() || st.nlink() != 1) {
      return;
    }
    byte[] zeros = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1, st.size()))];
    for (long done = 0; done < st.size(); ) {
      int len = (int) Math.min(zeros.length, st.size() - done);
      TempCalls.pwriteFully(fd, zeros, 0, len, done);
      done += len;
    }
    LibC.fsync(fd);
  }
}
