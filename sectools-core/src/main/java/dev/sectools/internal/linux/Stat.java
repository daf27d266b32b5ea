package dev.sectools.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * The fields of {@code struct statx} sectools uses.
 *
 * @param mode file type and permission bits ({@code st_mode})
 * @param nlink number of hard links
 * @param uid owner
 * @param gid group
 * @param size size in bytes
 * @param mtimeSeconds modification time, seconds since the epoch
 * @param mtimeNanos nanoseconds part of the modification time
 * @param ctimeSeconds status change time, seconds since the epoch
 * @param ino inode number
 * @param devMajor major number of the device holding the file
 * @param devMinor minor number of the device holding the file
 */
public record Stat(
    int mode, int nlink, int uid, int gid, long size, long mtimeSeconds, int mtimeNanos,
    long ctimeSeconds, long ino, int devMajor, int devMinor) {
  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  static Stat decode(MemorySegment s) {
    return new Stat(
        Short.toUnsignedInt(s.get(JAVA_SHORT, 28)),
        s.get(JAVA_INT, 16),
        s.get(JAVA_INT, 20),
        s.get(JAVA_INT, 24),
        s.get(JAVA_LONG, 40),
        s.get(JAVA_LONG, 112),
        s.get(JAVA_INT, 120),
        s.get(JAVA_LONG, 96),
        s.get(JAVA_LONG, 32),
        s.get(JAVA_INT, 136),
        s.get(JAVA_INT, 140));
  }

  /** Whether both describe the same file (same device and inode). */
  public boolean sameFile(Stat other) {
    return ino == other.ino && devMajor == other.devMajor && devMinor == other.devMinor;
  }

  /** The {@code S_IF…} type bits. */
  public int type() {
    return mode & S_IFMT;
  }

  /** Whether this is a regular file. */
  public boolean isRegular() {
    return type() == S_IFREG;
  }

  /** Whether this is a directory. */
  public boolean isDirectory() {
    return type() == S_IFDIR;
  }

  /** Whether this is a symbolic link. */
  public boolean isSymlink() {
    return type() == S_IFLNK;
  }

  /** The permission bits ({@code 07777}). */
  public int permissions() {
    return mode & 07777;
  }
}
