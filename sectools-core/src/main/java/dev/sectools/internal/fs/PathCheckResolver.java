package dev.sectools.internal.fs;

import dev.sectools.fs.PathEscapeException;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.SymlinkRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Resolves parsed paths beneath the root by name for {@link PathCheckEngine}. Every link and
 * escape visible while it looks is refused, but what it checked can be swapped before the
 * caller uses the result (see the engine's warning).
 */
final class PathCheckResolver {
  private static final int MAX_LINKS = 40;

  private final Path rootDir;
  private final Path rootReal;

  /**
   * @param rootDir the root's absolute, normalized location
   * @param rootReal the root's real location, {@code rootDir.toRealPath()}
   */
  PathCheckResolver(Path rootDir, Path rootReal) {
    this.rootDir = rootDir;
    this.rootReal = rootReal;
  }

  // Walks the components from the root by name, looking at each without following it. Links the
  // policy allows are read and spliced into the remaining path, as the descriptor walk does, so
  // '..' pops back to the directory actually walked through and never above the root.
  Path resolve(ParsedPath path, SymlinkPolicy links, boolean followFinal) throws IOException {
    Deque<String> todo = new ArrayDeque<>(path.components());
    Deque<Path> walked = new ArrayDeque<>(List.of(rootDir)); // top: where we are; bottom: the root
    int linksFollowed = 0;
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (name.equals("..")) {
        if (walked.size() == 1) {
          throw new PathEscapeException(path.display(), "'..' climbs above the root");
        }
        walked.pop();
        continue;
      }
      Path next = walked.getFirst().resolve(name);
      boolean last = todo.isEmpty();
      BasicFileAttributes attrs = PathCheckFiles.lstatOrNull(next);
      if (attrs != null && attrs.isSymbolicLink() && (followFinal || !last)) {
        checkMayFollow(links, ++linksFollowed, path);
        splice(todo, Files.readSymbolicLink(next), path);
        continue;
      }
      if (!last) {
        requireDirectory(attrs, path, links);
      }
      walked.push(next);
    }
    Path resolved = walked.getFirst();
    if (links == SymlinkPolicy.FOLLOW_WITHIN_ROOT && walked.size() > 1) {
      if (!followFinal) {
        walked.pop(); // a final link is not followed, so only its directory is checked
      }
      requireWithinRoot(walked, path);
    }
    return resolved;
  }

  /** Resolves a directory, following a final link if the policy allows, and requires it to exist. */
  Path resolveDirectory(ParsedPath dirPath, SymlinkPolicy links) throws IOException {
    Path dir = resolve(dirPath, links, true);
    // The root's own location may go through a link (macOS: /tmp); only what is beneath it is checked.
    requireDirectory(dir.equals(rootDir) ? Files.readAttributes(dir, BasicFileAttributes.class)
        : PathCheckFiles.lstatOrNull(dir), dirPath, links);
    return dir;
  }

  private static void checkMayFollow(SymlinkPolicy links, int linksFollowed, ParsedPath path)
      throws SymlinkRefusedException {
    if (links == SymlinkPolicy.DENY) {
      throw new SymlinkRefusedException(path.display(), "symbolic link refused (SymlinkPolicy.DENY)");
    }
    if (linksFollowed > MAX_LINKS) {
      throw new SymlinkRefusedException(path.display(), "too many levels of symbolic links");
    }
  }

  private static void splice(Deque<String> todo, Path target, ParsedPath path) throws PathEscapeException {
    if (target.isAbsolute() || target.getRoot() != null) {
      throw new PathEscapeException(path.display(), "absolute symbolic link leaves the root");
    }
    for (int i = target.getNameCount() - 1; i >= 0; i--) {
      String part = target.getName(i).toString();
      if (!part.isEmpty() && !part.equals(".")) {
        todo.push(part);
      }
    }
  }

  static void requireDirectory(BasicFileAttributes attrs, ParsedPath path, SymlinkPolicy links)
      throws IOException {
    if (attrs == null) {
      throw new NoSuchFileException(path.display());
    }
    if (attrs.isSymbolicLink()) {
      throw new SymlinkRefusedException(path.display(), links == SymlinkPolicy.DENY
          ? "symbolic link refused (SymlinkPolicy.DENY)"
          : "symbolic link refused (never followed here)");
    }
    if (!attrs.isDirectory()) {
      throw new NotDirectoryException(path.display());
    }
  }

  // Belt and braces for FOLLOW_WITHIN_ROOT: the walk never leaves the root, and this asks the
  // file system where the deepest existing directory walked through really is.
  private void requireWithinRoot(Deque<Path> walked, ParsedPath path) throws IOException {
    for (Path probe : walked) {
      Path real;
      try {
        real = probe.toRealPath();
      } catch (NoSuchFileException e) {
        continue; // not created yet: check its parent
      }
      if (!real.startsWith(rootReal)) {
        throw new PathEscapeException(path.display(), "resolves outside the root");
      }
      return;
    }
    throw new NoSuchFileException(path.display());
  }
}
