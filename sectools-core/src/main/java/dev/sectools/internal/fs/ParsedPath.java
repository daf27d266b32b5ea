package dev.sectools.internal.fs;

import dev.sectools.fs.NotRegularFileException;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * A caller's path after syntax checks: relative to the root, split into components, with
 * {@code .} and empty components removed. {@code ..} components remain only when the caller's
 * {@link dev.sectools.fs.DotDotPolicy} allows them, and are resolved physically beneath the root.
 *
 * @param components the components, in order; empty for the root itself
 * @param trailingSlash whether the caller's path ended in {@code /} (the target must then be a
 *     directory; the slash never makes a link be followed)
 * @param raw the caller's path as given (never shown as is: see {@link #display()})
 * @param namer how the path may be shown
 */
public record ParsedPath(List<String> components, boolean trailingSlash, String raw, PathNamer namer) {
  /** Copies the component list. */
  public ParsedPath {
    components = List.copyOf(components);
  }

  /** Whether this is the root itself. */
  public boolean isRoot() {
    return components.isEmpty();
  }

  /** The last component. Only for paths that are not the root. */
  public String lastName() {
    return components.getLast();
  }

  /**
   * The last component of a path that names an entry to create, replace, remove or rename.
   *
   * @throws InvalidPathException if this is the root or ends in {@code ..}
   */
  public String entryName() {
    if (isRoot() || lastName().equals("..")) {
      throw new InvalidPathException(display(), "path must end in a file name");
    }
    return lastName();
  }

  /**
   * The last component of a path that names a regular file to write.
   *
   * @throws InvalidPathException if this is the root or ends in {@code ..}
   * @throws NotRegularFileException if the path ends in {@code /} or {@code /.}, which only a
   *     directory may
   */
  public String fileEntryName() throws NotRegularFileException {
    String name = entryName();
    if (trailingSlash) {
      throw new NotRegularFileException(display(), "a path ending in '/' names a directory, not a file");
    }
    return name;
  }

  /** The path of the parent directory (shown under this path's name in errors). */
  public ParsedPath parent() {
    return new ParsedPath(components.subList(0, components.size() - 1), false, raw, namer);
  }

  /** How the path may appear in messages: computed only when needed (on errors). */
  public String display() {
    return namer.show(raw);
  }

  @Override
  public String toString() {
    return display();
  }

  /** The components joined with {@code /}, or {@code "."} for the root. */
  public String joined() {
    return components.isEmpty() ? "." : String.join("/", components);
  }
}
