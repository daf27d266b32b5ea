package dev.sectools.internal.secrets;

import dev.sectools.secrets.InvalidSecretPathException;
import java.nio.charset.StandardCharsets;

/** Validation of secret paths and prefixes. */
public final class SecretPaths {
  /** The longest path accepted, in UTF-8 bytes. */
  public static final int MAX_PATH_BYTES = 512;
  /** The longest segment accepted, in UTF-8 bytes. */
  public static final int MAX_SEGMENT_BYTES = 128;

  private SecretPaths() {}

  /**
   * Checks {@code path} names a secret: {@code namespace/name…}.
   *
   * @throws InvalidSecretPathException naming the rule broken
   */
  public static String check(String path) {
    checkPrefix(path);
    if (path.isEmpty() || path.endsWith("/")) {
      throw new InvalidSecretPathException("secret path must not be empty or end in '/'");
    }
    if (path.indexOf('/') < 0) {
      throw new InvalidSecretPathException("secret path must be namespace/name (at least two segments)");
    }
    return path;
  }

  /**
   * Checks a listing prefix: empty (everything), or whole segments ending in {@code /}.
   *
   * @throws InvalidSecretPathException naming the rule broken
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new InvalidSecretPathException("secret path must not be null");
    }
    if (prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new InvalidSecretPathException("secret path longer than " + MAX_PATH_BYTES + " bytes");
    }
    int start = 0;
    for (int i = 0; i <= prefix.length(); i++) {
      if (i == prefix.length() || prefix.charAt(i) == '/') {
        if (i == prefix.length() && (i == start)) {
          break; // empty prefix, or a prefix ending in '/'
        }
        checkSegment(prefix.substring(start, i));
        start = i + 1;
      } else {
        checkChar(prefix.charAt(i), i, prefix);
      }
    }
    return prefix;
  }

  private static void checkSegment(String segment) {
    if (segment.isEmpty()) {
      throw new InvalidSecretPathException("secret path has an empty segment ('//' or a leading '/')");
    }
    if (segment.equals(".") || segment.equals("..")) {
      throw new InvalidSecretPathException("secret path must not have '.' or '..' segments");
    }
    if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw new InvalidSecretPathException("secret path segment longer than " + MAX_SEGMENT_BYTES + " bytes");
    }
  }

  private static void checkChar(char c, int index, String path) {
    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
      throw new InvalidSecretPathException("secret path has a control character at index " + index);
    }
    if (Character.isSurrogate(c)) {
      boolean paired = Character.isHighSurrogate(c) && index + 1 < path.length()
          && Character.isLowSurrogate(path.charAt(index + 1));
      boolean secondHalf = Character.isLowSurrogate(c) && index > 0
          && Character.isHighSurrogate(path.charAt(index - 1));
      if (!paired && !secondHalf) {
        throw new InvalidSecretPathException("secret path has an unpaired surrogate at index " + index);
      }
    }
  }
}
