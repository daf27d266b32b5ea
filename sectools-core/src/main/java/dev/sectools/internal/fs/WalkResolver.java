package dev.sectools.internal.fs;

import dev.sectools.fs.PathEscapeException;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.Stat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Confines resolution without {@code openat2}: one component at a time from the root descriptor,
 * every step opened with {@code O_NOFOLLOW}, so the kernel never follows a link on our behalf.
 * Links the policy allows are read with {@code readlinkat} and spliced into the remaining path;
 * {@code ..} pops back to the descriptor of the parent actually walked through, never above the
 * root. Nothing is ever opened by a path of more than one component.
 */
final class WalkResolver implements Resolver {
  /** The most links followed in one resolution, as the kernel's {@code MAXSYMLINKS}. */
  static final int MAX_LINKS = 40;

  private static final byte[] DOT_DOT = {'.', '.'};

  @Override
  public int open(int rootFd, ParsedPath path, int flags, int mode, SymlinkPolicy links)
      throws IOException {
    // Components are the kernel's bytes: a link's target need not be UTF-8, and is followed exactly.
    Deque<byte[]> todo = new ArrayDeque<>();
    for (String component : path.components()) {
      todo.add(component.getBytes(StandardCharsets.UTF_8));
    }
    Deque<Integer> walked = new ArrayDeque<>(); // directories opened on the way; the top is current
    int finalFlags = flags | LibC.O_CLOEXEC | LibC.O_NOFOLLOW
        | (path.trailingSlash() ? LibC.O_DIRECTORY : 0);
    boolean followFinal = (flags & LibC.O_NOFOLLOW) == 0;
    int linksFollowed = 0;
    try {
      while (!todo.isEmpty()) {
        int cur = walked.isEmpty() ? rootFd : walked.peek();
        byte[] name = todo.pop();
        if (Arrays.equals(name, DOT_DOT)) {
          if (walked.isEmpty()) {
            throw new PathEscapeException(path.display(), "'..' climbs above the root");
          }
          LibC.closeQuietly(walked.pop());
          continue;
        }
        boolean last = todo.isEmpty();
        byte[] cname = Arrays.copyOf(name, name.length + 1); // NUL-terminated
        int stepFlags = last ? finalFlags : LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
        try {
          int fd = LibC.openat(cur, cname, stepFlags, mode);
          if (last) {
            return fd;
          }
          walked.push(fd);
        } catch (ErrnoException e) {
          if (!isLink(e, cur, cname)) {
            throw Errors.of(e, path, links);
          }
          if (links == SymlinkPolicy.DENY || (last && !followFinal)) {
            throw new SymlinkRefusedException(path.display(), links == SymlinkPolicy.DENY
                ? "symbolic link refused (SymlinkPolicy.DENY)"
                : "symbolic link refused as the final component");
          }
          if (++linksFollowed > MAX_LINKS) {
            throw new SymlinkRefusedException(path.display(), "too many levels of symbolic links");
          }
          byte[] target = readLink(cur, cname, path, links);
          if (last && namesDirectory(target)) {
            finalFlags |= LibC.O_DIRECTORY; // as the kernel does for a target ending in '/'
          }
          splice(todo, target, path);
        }
      }
      // Only '..' or a link's target ended the path: the result is the directory reached.
      return LibC.openat(walked.isEmpty() ? rootFd : walked.peek(), LibC.cString("."), finalFlags, mode);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    } finally {
      for (int fd : walked) {
        LibC.closeQuietly(fd);
      }
    }
  }

  // O_NOFOLLOW reports a link as ELOOP, or ENOTDIR when O_DIRECTORY is also set; confirm with
  // lstat semantics. If the name changed in between, the next attempt sees the new state.
  private static boolean isLink(ErrnoException e, int dirFd, byte[] name) {
    if (e.errno() != Errno.ELOOP && e.errno() != Errno.ENOTDIR) {
      return false;
    }
    try {
      Stat st = LibC.statx(dirFd, name, LibC.AT_SYMLINK_NOFOLLOW);
      return st.isSymlink();
    } catch (ErrnoException ignored) {
      return false;
    }
  }

  private static byte[] readLink(int dirFd, byte[] name, ParsedPath path, SymlinkPolicy links)
      throws IOException {
    try {
      return LibC.readlinkat(dirFd, name);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, links);
    }
  }

  private static boolean namesDirectory(byte[] target) {
    int n = target.length;
    return (n > 0 && target[n - 1] == '/') || (n > 1 && target[n - 1] == '.' && target[n - 2] == '/');
  }

  // Pushes the target's components in front of what is left, skipping empty ones and '.'.
  private static void splice(Deque<byte[]> todo, byte[] target, ParsedPath path)
      throws PathEscapeException {
    if (target.length > 0 && target[0] == '/') {
      throw new PathEscapeException(path.display(), "absolute symbolic link leaves the root");
    }
    int end = target.length;
    for (int i = target.length - 1; i >= -1; i--) {
      if (i == -1 || target[i] == '/') {
        byte[] part = Arrays.copyOfRange(target, i + 1, end);
        if (part.length > 0 && !(part.length == 1 && part[0] == '.')) {
          todo.push(part);
        }
        end = i;
      }
    }
  }

  @Override
  public String describe() {
    return "descriptor walk (openat with O_NOFOLLOW per component)";
  }
}
