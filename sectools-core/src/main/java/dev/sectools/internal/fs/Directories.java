package dev.sectools.internal.fs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.sectools.fs.DirectoryEntry;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Directory listing and link-safe removal on descriptors. Names are kept as the kernel's bytes
 * wherever they are used to act on an entry: a name that is not UTF-8 has no exact Java string.
 */
final class Directories {
  private static final int DIRENT_BUFFER_BYTES = 32 * 1024;
  private static final int MAX_SWAP_RETRIES = 16;
  /** Rounds of "empty it, then remove it" before a directory that keeps filling up is reported. */
  private static final int MAX_REFILL_ROUNDS = 64;

  private Directories() {}

  /** One entry as the kernel reported it: the name's bytes (NUL-terminated) and its type. */
  record RawEntry(byte[] cName, int direntType) {
    /** The name decoded as UTF-8, with U+FFFD for bytes that are not. */
    String name() {
      return new String(cName, 0, cName.length - 1, StandardCharsets.UTF_8);
    }
  }

  /**
   * The entries of the open directory {@code fd}, sorted by name, without {@code .} and
   * {@code ..}. A name that is not valid UTF-8 is shown with U+FFFD in place of its bad bytes.
   */
  static List<DirectoryEntry> read(int fd) throws ErrnoException {
    List<DirectoryEntry> entries = new ArrayList<>();
    for (RawEntry raw : readRaw(fd)) {
      entries.add(new DirectoryEntry(raw.name(), PosixModes.fromDirentType(raw.direntType())));
    }
    entries.sort(Comparator.comparing(DirectoryEntry::name));
    return entries;
  }

  /** The entries of the open directory {@code fd}, in the kernel's order, with their exact names. */
  static List<RawEntry> readRaw(int fd) throws ErrnoException {
    List<RawEntry> entries = new ArrayList<>();
    byte[] buf = new byte[DIRENT_BUFFER_BYTES];
    MemorySegment seg = MemorySegment.ofArray(buf);
    int n;
    while ((n = LibC.getdents64(fd, buf)) > 0) {
      // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
      for (int off = 0; off < n; ) {
        int reclen = Short.toUnsignedInt(seg.get(JAVA_SHORT_UNALIGNED, off + 16));
        int type = Byte.toUnsignedInt(seg.get(JAVA_BYTE, off + 18));
        int nameStart = off + 19;
        int nameEnd = nameStart;
        while (nameEnd < off + reclen && buf[nameEnd] != 0) {
          nameEnd++;
        }
        if (!isDotOrDotDot(buf, nameStart, nameEnd - nameStart)) {
          byte[] cName = Arrays.copyOfRange(buf, nameStart, nameEnd + 1);
          cName[cName.length - 1] = 0;
          entries.add(new RawEntry(cName, type));
        }
        off += reclen;
      }
    }
    return entries;
  }

  private static boolean isDotOrDotDot(byte[] buf, int start, int length) {
    return (length == 1 && buf[start] == '.')
        || (length == 2 && buf[start] == '.' && buf[start + 1] == '.');
  }

  /** Removes a file, a link (never its target) or an empty directory named {@code name}. */
  static void unlinkAny(int dirFd, byte[] name) throws ErrnoException {
    try {
      LibC.unlinkat(dirFd, name, 0);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EISDIR && e.errno() != Errno.EPERM) {
        throw e;
      }
      LibC.unlinkat(dirFd, name, LibC.AT_REMOVEDIR);
    }
  }

  /**
   * Removes {@code name} and everything below it. Directories are entered only through
   * descriptors opened with {@code O_NOFOLLOW}: a link planted anywhere in the tree, even swapped
   * in while the removal runs, is removed as a link and its target is never touched.
   *
   * @param directoryOnly refuse ({@code ENOTDIR}) unless {@code name} is a directory
   */
  static void deleteTree(int dirFd, byte[] name, boolean directoryOnly) throws ErrnoException {
    int swaps = 0;
    for (int round = 0; round < MAX_REFILL_ROUNDS; round++) {
      try {
        if (directoryOnly) {
          LibC.unlinkat(dirFd, name, LibC.AT_REMOVEDIR);
        } else {
          unlinkAny(dirFd, name);
        }
        return;
      } catch (ErrnoException e) {
        if (e.errno() != Errno.ENOTEMPTY && e.errno() != Errno.EEXIST) {
          throw e;
        }
      }
      int child;
      try {
        child = LibC.openat(dirFd, name,
            LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
      } catch (ErrnoException e) {
        // Swapped for a link or a file between the two calls: start over on what is there now.
        if ((e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) && ++swaps < MAX_SWAP_RETRIES) {
          continue;
        }
        throw e;
      }
      try {
        deleteContents(child);
      } finally {
        LibC.closeQuietly(child);
      }
    }
    // Something keeps adding entries as fast as they are removed.
    throw new ErrnoException("unlinkat", Errno.ENOTEMPTY);
  }

  /** Removes everything inside the open directory {@code fd}, leaving the directory itself. */
  static void deleteContents(int fd) throws ErrnoException {
    for (RawEntry entry : readRaw(fd)) {
      try {
        deleteTree(fd, entry.cName(), false);
      } catch (ErrnoException e) {
        if (e.errno() != Errno.ENOENT) { // removed concurrently: that is what we wanted
          throw e;
        }
      }
    }
  }
}
