package dev.sectools.internal.linux;

/** The Linux {@code errno} values sectools reacts to (identical on x86_64 and aarch64). */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int ENXIO = 6;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int ETXTBSY = 26;
  public static final int EFBIG = 27;
  public static final int ENOSPC = 28;
  public static final int EROFS = 30;
  public static final int EMLINK = 31;
  public static final int ENAMETOOLONG = 36;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int EOPNOTSUPP = 95;
  public static final int EDQUOT = 122;

  private Errno() {}

  /** A short human description, e.g. {@code "ENOENT (no such file or directory)"}. */
  public static String describe(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM (operation not permitted)";
      case ENOENT -> "ENOENT (no such file or directory)";
      case EINTR -> "EINTR (interrupted)";
      case EIO -> "EIO (input/output error)";
      case ENXIO -> "ENXIO (no such device or address)";
      case EBADF -> "EBADF (bad file descriptor)";
      case EAGAIN -> "EAGAIN (try again)";
      case EACCES -> "EACCES (permission denied)";
      case EEXIST -> "EEXIST (file exists)";
      case EXDEV -> "EXDEV (crosses the root)";
      case ENODEV -> "ENODEV (no such device)";
      case ENOTDIR -> "ENOTDIR (not a directory)";
      case EISDIR -> "EISDIR (is a directory)";
      case EINVAL -> "EINVAL (invalid argument)";
      case ETXTBSY -> "ETXTBSY (text file busy)";
      case EFBIG -> "EFBIG (file too large)";
      case ENOSPC -> "ENOSPC (no space left on device)";
      case EROFS -> "EROFS (read-only file system)";
      case EMLINK -> "EMLINK (too many links)";
      case ENAMETOOLONG -> "ENAMETOOLONG (name too long)";
      case ENOSYS -> "ENOSYS (not implemented)";
      case ENOTEMPTY -> "ENOTEMPTY (directory not empty)";
      case ELOOP -> "ELOOP (symbolic link refused or too many levels of links)";
      case EOPNOTSUPP -> "EOPNOTSUPP (operation not supported)";
      case EDQUOT -> "EDQUOT (disk quota exceeded)";
      default -> "errno " + errno;
    };
  }
}
