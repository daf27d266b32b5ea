package dev.sectools.internal.fs;

import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Lets the kernel confine resolution: {@code openat2} with {@code RESOLVE_BENEATH |
 * RESOLVE_NO_MAGICLINKS}, plus {@code RESOLVE_NO_SYMLINKS} under {@link SymlinkPolicy#DENY}.
 */
final class Openat2Resolver implements Resolver {
  /** How often a resolution raced by a concurrent rename ({@code EAGAIN}) is started over. */
  static final int MAX_EAGAIN_RETRIES = 128;

  private static final boolean SUPPORTED = probe();

  /** Whether this kernel offers {@code openat2} to this process (not blocked by seccomp). */
  static boolean isSupported() {
    return SUPPORTED;
  }

  private static boolean probe() {
    if (!LibC.isAvailable()) {
      return false;
    }
    try {
      int fd = LibC.openat2(LibC.AT_FDCWD, LibC.cString("/"), LibC.O_PATH | LibC.O_CLOEXEC, 0, 0);
      LibC.closeQuietly(fd);
      return true;
    } catch (ErrnoException e) {
      return false; // ENOSYS (old kernel), EPERM (seccomp), or anything else: use the walk
    }
  }

  @Override
  public int open(int rootFd, ParsedPath path, int flags, int mode, SymlinkPolicy links)
      throws IOException {
    long resolve = LibC.RESOLVE_BENEATH | LibC.RESOLVE_NO_MAGICLINKS;
    if (links == SymlinkPolicy.DENY) {
      resolve |= LibC.RESOLVE_NO_SYMLINKS;
    }
    int allFlags = flags | LibC.O_CLOEXEC | (path.trailingSlash() ? LibC.O_DIRECTORY : 0);
    byte[] name = LibC.cString(path.joined());
    for (int attempt = 0; ; attempt++) {
      try {
        return LibC.openat2(rootFd, name, allFlags, mode, resolve);
      } catch (ErrnoException e) {
        if (e.errno() != Errno.EAGAIN) {
          throw Errors.of(e, path, links);
        }
        if (attempt >= MAX_EAGAIN_RETRIES) {
          throw new FileSystemException(path.display(), null,
              "path kept changing during resolution (" + MAX_EAGAIN_RETRIES + " retries)");
        }
      }
    }
  }

  @Override
  public String describe() {
    return "openat2(RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS)";
  }
}
