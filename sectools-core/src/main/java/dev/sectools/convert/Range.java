package dev.sectools.convert;

import dev.sectools.convert.NumericConversionException.Reason;
import java.math.BigInteger;

/**
 * The values of an integral type that fits in a {@code long}, with the name used in messages.
 *
 * <p>Methods that take an {@code Object shown} use it only to build the exception, so a caller can
 * report the value as it was given ({@code 5.5E10}, {@code 1E+20}) rather than as converted.
 */
record Range(String typeName, long min, long max) {
  static final Range BYTE = new Range("byte", Byte.MIN_VALUE, Byte.MAX_VALUE);
  static final Range SHORT = new Range("short", Short.MIN_VALUE, Short.MAX_VALUE);
  static final Range CHAR = new Range("char", Character.MIN_VALUE, Character.MAX_VALUE);
  static final Range INT = new Range("int", Integer.MIN_VALUE, Integer.MAX_VALUE);
  static final Range LONG = new Range("long", Long.MIN_VALUE, Long.MAX_VALUE);
  static final Range UNSIGNED_BYTE = new Range("unsigned byte", 0, 0xFFL);
  static final Range UNSIGNED_SHORT = new Range("unsigned short", 0, 0xFFFFL);
  static final Range UNSIGNED_INT = new Range("unsigned int", 0, 0xFFFF_FFFFL);

  Range {
    if (min > max) {
      throw new IllegalArgumentException(
          "min must not exceed max, but min was " + min + " and max was " + max);
    }
  }

  /** Returns the same range under another type name. */
  Range named(String name) {
    return new Range(name, min, max);
  }

  boolean contains(long value) {
    return value >= min && value <= max;
  }

  /** Returns {@code value} if it lies in this range, else throws naming it. */
  long check(long value) {
    if (!contains(value)) {
      throw failure(value < 0, value);
    }
    return value;
  }

  /** Returns {@code value} as a long if it lies in this range, else throws naming it. */
  long check(BigInteger value) {
    return check(value, value);
  }

  /** Returns {@code value} as a long if it lies in this range, else throws naming {@code shown}. */
  long check(BigInteger value, Object shown) {
    if (value.bitLength() < Long.SIZE && contains(value.longValue())) {
      return value.longValue();
    }
    throw failure(value.signum() < 0, shown);
  }

  long clamp(long value) {
    return Math.clamp(value, min, max);
  }

  long clamp(BigInteger value) {
    if (value.bitLength() < Long.SIZE) {
      return clamp(value.longValue());
    }
    return value.signum() < 0 ? min : max;
  }

  /** The exception for a value outside this range; {@code negative} tells which side. */
  NumericConversionException failure(boolean negative, Object shown) {
    Reason reason = negative && min == 0 ? Reason.NEGATIVE_TO_UNSIGNED : Reason.OVERFLOW;
    return NumericConversionException.outOfRange(reason, shown, typeName, text());
  }

  /** The range as {@code min..max}. */
  String text() {
    return min + ".." + max;
  }
}
