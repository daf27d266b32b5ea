package dev.sectools.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Byte work on secure memory that must not go through the heap: UTF-8 encoding, comparison. */
final class Utf8 {
  private Utf8() {}

  /**
   * The UTF-8 length of {@code chars}.
   *
   * @throws IllegalArgumentException at an unpaired surrogate (the index is named, not the value)
   */
  static int encodedLength(char[] chars) {
    long n = 0;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("unpaired surrogate at index " + i);
      } else {
        n += 3;
      }
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("UTF-8 form too long: " + n + " bytes");
    }
    return (int) n;
  }

  /** Encodes {@code chars} (checked by {@link #encodedLength}) into {@code target}. */
  static void encode(char[] chars, MemorySegment target) {
    long at = 0;
    for (int i = 0; i < chars.length; i++) {
      int cp = chars[i];
      if (Character.isHighSurrogate(chars[i])) {
        cp = Character.toCodePoint(chars[i], chars[++i]);
      }
      if (cp < 0x80) {
        put(target, at++, cp);
      } else if (cp < 0x800) {
        put(target, at++, 0xc0 | cp >> 6);
        put(target, at++, 0x80 | cp & 0x3f);
      } else if (cp < 0x10000) {
        put(target, at++, 0xe0 | cp >> 12);
        put(target, at++, 0x80 | cp >> 6 & 0x3f);
        put(target, at++, 0x80 | cp & 0x3f);
      } else {
        put(target, at++, 0xf0 | cp >> 18);
        put(target, at++, 0x80 | cp >> 12 & 0x3f);
        put(target, at++, 0x80 | cp >> 6 & 0x3f);
        put(target, at++, 0x80 | cp & 0x3f);
      }
    }
  }

  private static void put(MemorySegment target, long at, int b) {
    target.set(ValueLayout.JAVA_BYTE, at, (byte) b);
  }

  /** Whether the first {@code length} bytes agree, in time independent of the bytes' values. */
  static boolean constantTimeEquals(MemorySegment a, MemorySegment b, int length) {
    int diff = 0;
    for (int i = 0; i < length; i++) {
      diff |= a.get(ValueLayout.JAVA_BYTE, i) ^ b.get(ValueLayout.JAVA_BYTE, i);
    }
    return diff == 0;
  }
}
