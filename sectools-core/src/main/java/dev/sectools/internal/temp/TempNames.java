package dev.sectools.internal.temp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * Unguessable names for temp entries: prefix, 26 characters of lowercase base32 carrying 128
 * random bits from {@link SecureRandom}, suffix. Lowercase only, so a case-insensitive file
 * system cannot fold two names into one.
 */
public final class TempNames {
  /** How many names are tried before creation gives up with {@code FileAlreadyExistsException}. */
  public static final int MAX_ATTEMPTS = 64;

  private static final int RANDOM_BYTES = 16;
  private static final int MAX_NAME_BYTES = 255;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Consumer<byte[]> randomness;

  /**
   * Names drawn from {@code randomness}. Tests pass a source they control to force collisions;
   * production code uses {@link #secure()}.
   */
  public TempNames(Consumer<byte[]> randomness) {
    this.randomness = randomness;
  }

  /** Names drawn from a shared {@link SecureRandom}. */
  public static TempNames secure() {
    return new TempNames(RANDOM::nextBytes);
  }

  /**
   * Checks a caller's prefix and suffix.
   *
   * @throws IllegalArgumentException if either holds {@code /}, {@code \} or NUL, or the name
   *     would be longer than 255 bytes
   */
  public static void check(String prefix, String suffix) {
    for (String part : new String[] {prefix, suffix}) {
      if (part.indexOf('/') >= 0 || part.indexOf('\\') >= 0 || part.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "prefix and suffix must not contain '/', '\\' or NUL, was \"" + part + "\"");
      }
    }
    int bytes = prefix.getBytes(StandardCharsets.UTF_8).length
        + suffix.getBytes(StandardCharsets.UTF_8).length + 26;
    if (bytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "prefix and suffix are too long: the name would be " + bytes + " bytes, at most 255");
    }
  }

  /** A fresh name. */
  public String next(String prefix, String suffix) {
    byte[] r = new byte[RANDOM_BYTES];
    randomness.accept(r);
    StringBuilder sb = new StringBuilder(prefix.length() + 26 + suffix.length()).append(prefix);
    int buffer = 0;
    int bits = 0;
    for (byte b : r) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    return sb.append(suffix).toString();
  }
}
