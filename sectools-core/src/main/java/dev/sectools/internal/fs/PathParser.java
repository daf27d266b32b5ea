package dev.sectools.internal.fs;

import dev.sectools.fs.DotDotPolicy;
import dev.sectools.fs.PathEscapeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a caller's path string into a {@link ParsedPath}, refusing what can never be valid.
 *
 * <p>Syntax errors (empty, NUL byte, unpaired surrogate, over-long) are
 * {@link InvalidPathException}s, which are unchecked: a path is either the caller's bug or
 * untrusted input the caller must validate. Escapes ({@code ..} when rejected, an absolute
 * path outside the root, {@code ..} that lexically climbs above the root) are
 * {@link PathEscapeException}s.
 */
public final class PathParser {
  /** Linux {@code PATH_MAX} less the terminating NUL. */
  public static final int MAX_PATH_BYTES = 4095;
  /** Linux {@code NAME_MAX}. */
  public static final int MAX_NAME_BYTES = 255;

  private PathParser() {}

  /**
   * Parses {@code raw} for a root whose absolute, normalized location is {@code rootDir}.
   *
   * @param raw the caller's path; relative, or absolute inside {@code rootDir}
   * @param rootDir the root's absolute normalized path, used only to accept absolute paths
   * @param dotDot what {@code ..} does
   * @param namer how the path may be shown
   * @throws InvalidPathException for syntax errors
   * @throws PathEscapeException when the path escapes or uses a refused {@code ..}
   */
  public static ParsedPath parse(String raw, Path rootDir, DotDotPolicy dotDot, PathNamer namer)
      throws PathEscapeException {
    checkSyntax(raw);
    String relative = raw;
    if (raw.startsWith("/")) {
      relative = relativize(raw, rootDir, namer);
    }
    String[] parts = relative.split("/", -1);
    // "dir/" and "dir/." both demand a directory, and neither may make a link be followed.
    String lastPart = parts[parts.length - 1];
    boolean trailingSlash = parts.length > 1 && (lastPart.isEmpty() || lastPart.equals("."));
    List<String> components = new ArrayList<>();
    int depth = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (dotDot == DotDotPolicy.REJECT) {
          throw new PathEscapeException(
              namer.show(raw), "'..' segments are not allowed (DotDotPolicy.REJECT)");
        }
        if (--depth < 0) {
          throw new PathEscapeException(namer.show(raw), "'..' climbs above the root");
        }
      } else {
        checkName(part);
        depth++;
      }
      components.add(part);
    }
    return new ParsedPath(components, trailingSlash, raw, namer);
  }

  // Lexical, on the string: '..' inside an absolute path is left for the policy check.
  private static String relativize(String raw, Path rootDir, PathNamer namer)
      throws PathEscapeException {
    String root = rootDir.toString();
    String prefix = root.endsWith("/") ? root : root + "/";
    if (raw.equals(root)) {
      return ".";
    }
    if (!raw.startsWith(prefix)) {
      throw new PathEscapeException(namer.show(raw), "absolute path outside the root");
    }
    String rel = raw.substring(prefix.length());
    return rel.isEmpty() ? "." : rel;
  }

  private static void checkSyntax(String raw) {
    if (raw.isEmpty()) {
      throw new InvalidPathException(raw, "empty path (use \".\" for the root itself)");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == 0) {
        throw new InvalidPathException("<redacted>", "NUL byte in path", i);
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c)
            && i + 1 < raw.length()
            && Character.isLowSurrogate(raw.charAt(i + 1));
        if (!paired) {
          throw new InvalidPathException("<redacted>", "unpaired surrogate in path", i);
        }
        i++;
      }
    }
    if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new InvalidPathException("<redacted>", "path longer than " + MAX_PATH_BYTES + " bytes");
    }
  }

  private static void checkName(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new InvalidPathException("<redacted>", "path segment longer than " + MAX_NAME_BYTES + " bytes");
    }
  }
}
