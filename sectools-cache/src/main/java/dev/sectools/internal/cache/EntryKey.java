package dev.sectools.internal.cache;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A namespace and a key, validated. Both are caller input: at most {@value #MAX_BYTES} bytes of
 * UTF-8 each, not empty, no NUL. Not secret, but kept out of messages anyway (they may name
 * buckets or customers).
 *
 * @param namespace the namespace, for example a bucket
 * @param key the key within the namespace, for example a prefix
 */
public record EntryKey(String namespace, String key) {
  /** The longest namespace or key, in UTF-8 bytes. */
  public static final int MAX_BYTES = 1024;

  /**
   * Validates both parts.
   *
   * @throws IllegalArgumentException if a part is empty, too long or holds a NUL
   */
  public EntryKey {
    check(namespace, "namespace");
    check(key, "key");
  }

  private static void check(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " must not hold a NUL character");
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(what + " must be at most " + MAX_BYTES + " bytes of UTF-8, was " + bytes);
    }
  }

  /** namespace, NUL, key in UTF-8: an unambiguous encoding of both parts. */
  public byte[] encoded() {
    return (namespace + '\0' + key).getBytes(StandardCharsets.UTF_8);
  }

  /** Shows nothing of the parts. */
  @Override
  public String toString() {
    return "EntryKey[…]";
  }
}
