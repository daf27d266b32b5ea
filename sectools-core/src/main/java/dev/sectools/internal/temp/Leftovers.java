package dev.sectools.internal.temp;

import dev.sectools.internal.fs.DescriptorTrees;
import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.Stat;
import dev.sectools.temp.TempCleanupException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Lists what a failed removal left behind, without following links, for the cleanup report. */
final class Leftovers {
  private Leftovers() {}

  /** The names still present at and under {@code cName} in {@code dirFd}, shown as allowed. */
  static List<String> list(int dirFd, byte[] cName, String shownName, PathNamer namer) {
    List<String> out = new ArrayList<>();
    collect(dirFd, cName, shownName, namer, out);
    return out;
  }

  private static void collect(int dirFd, byte[] cName, String rel, PathNamer namer, List<String> out) {
    if (out.size() >= TempCleanupException.MAX_LISTED) {
      return;
    }
    Stat st;
    try {
      st = LibC.statx(dirFd, cName, LibC.AT_SYMLINK_NOFOLLOW);
    } catch (ErrnoException e) {
      return; // gone (or unreadable): nothing we can name
    }
    out.add(namer.show(rel));
    if (!st.isDirectory()) {
      return;
    }
    int fd;
    try {
      fd = LibC.openat(dirFd, cName, LinuxTempEngine.OPEN_DIR | LibC.O_NOFOLLOW | LibC.O_NONBLOCK, 0);
    } catch (ErrnoException e) {
      return;
    }
    try {
      for (byte[] child : DescriptorTrees.names(fd)) {
        String childName = new String(child, 0, child.length - 1, StandardCharsets.UTF_8);
        collect(fd, child, rel + "/" + childName, namer, out);
      }
    } catch (ErrnoException e) {
      // unreadable directory: its own name is listed, its contents cannot be
    } finally {
      LibC.closeQuietly(fd);
    }
  }
}
