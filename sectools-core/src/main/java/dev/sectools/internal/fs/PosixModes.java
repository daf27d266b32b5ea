package dev.sectools.internal.fs;

import dev.sectools.fs.FileType;
import dev.sectools.internal.linux.Stat;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Converts between POSIX mode bits and the JDK's permission and file type vocabulary. */
final class PosixModes {
  private static final PosixFilePermission[] ORDER = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  private PosixModes() {}

  static int toMode(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (int bit = 0; bit < ORDER.length; bit++) {
      if (perms.contains(ORDER[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < ORDER.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(ORDER[bit]);
      }
    }
    return perms;
  }

  static FileType fileType(int typeBits) {
    return switch (typeBits) {
      case Stat.S_IFREG -> FileType.REGULAR;
      case Stat.S_IFDIR -> FileType.DIRECTORY;
      case Stat.S_IFLNK -> FileType.SYMLINK;
      case Stat.S_IFIFO -> FileType.FIFO;
      case Stat.S_IFSOCK -> FileType.SOCKET;
      case Stat.S_IFCHR -> FileType.CHARACTER_DEVICE;
      case Stat.S_IFBLK -> FileType.BLOCK_DEVICE;
      default -> FileType.OTHER;
    };
  }

  /** The file type for a {@code getdents64} {@code d_type}. */
  static FileType fromDirentType(int dType) {
    return switch (dType) {
      case 1 -> FileType.FIFO;
      case 2 -> FileType.CHARACTER_DEVICE;
      case 4 -> FileType.DIRECTORY;
      case 6 -> FileType.BLOCK_DEVICE;
      case 8 -> FileType.REGULAR;
      case 10 -> FileType.SYMLINK;
      case 12 -> FileType.SOCKET;
      default -> FileType.OTHER;
    };
  }
}
