package dev.sectools.internal.fs;

import dev.sectools.fs.SymlinkPolicy;
import java.io.IOException;

/** Opens a parsed path beneath a root descriptor without ever leaving it. */
interface Resolver {
  /**
   * Opens {@code path} relative to {@code rootFd}.
   *
   * @param flags {@code open} flags; with {@code O_NOFOLLOW} a final link is refused whatever the
   *     policy, and {@code O_CLOEXEC} is always added
   * @param mode permission bits when {@code O_CREAT} creates the file
   * @return a new descriptor the caller must close
   */
  int open(int rootFd, ParsedPath path, int flags, int mode, SymlinkPolicy links) throws IOException;

  /** How this resolver confines paths, for logs and status output. */
  String describe();
}
