package dev.sectools.convert;

import dev.sectools.convert.NumericConversionException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Conversions between numeric types that never overflow, wrap or round silently.
 *
 * <p>The name says how a method fails: a {@code checked…} method returns the value unchanged or
 * throws {@link NumericConversionException} naming the value and the target type; a {@code
 * saturated…} method clamps to the nearest bound of the target type and never throws. {@link
 * #convert} converts exactly between any two of {@code Byte}, {@code Short}, {@code Integer},
 * {@code Long}, {@code BigInteger}, {@code BigDecimal}, {@code Float} and {@code Double}.
 *
 * <p>Unsigned types have no Java primitive. An unsigned result is returned as the bit pattern of
 * the signed type of the same width: {@code checkedToUnsignedInt(4294967295L)} returns {@code -1},
 * whose unsigned reading ({@link Integer#toUnsignedLong}) is 4294967295. Reading such a bit pattern
 * back is the job of {@link Integer#toUnsignedLong}, {@link Short#toUnsignedInt} and {@link
 * Byte#toUnsignedInt}, or of {@link #checkedUnsignedToLong} and {@link #unsignedToBigInteger} for
 * 64 bits.
 *
 * <p>For example, a length read from a file as a {@code long} becomes an array size with {@code new
 * byte[Conversions.checkedToInt(length)]}: a corrupt or hostile length of 2^32 + 16 throws instead
 * of silently allocating 16 bytes, as {@code (int) length} would.
 *
 * <p>All methods are static, stateless and thread-safe.
 */
public final class Conversions {
  private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(Long.SIZE);
  private static final String UNSIGNED_LONG = "unsigned long";
  private static final String UNSIGNED_LONG_RANGE = "0.." + Long.toUnsignedString(-1L);

  private Conversions() {}

  /**
   * Returns {@code value} as an {@code int}.
   *
   * @param value the value to convert
   * @return {@code value}, unchanged
   * @throws NumericConversionException if {@code value} is outside {@code
   *     Integer.MIN_VALUE..Integer.MAX_VALUE} (reason {@code OVERFLOW})
   */
  public static int checkedToInt(long value) {
    return (int) Range.INT.check(value);
  }

  /**
   * Returns {@code value} as a {@code short}.
   *
   * @param value the value to convert
   * @return {@code value}, unchanged
   * @throws NumericConversionException if {@code value} is outside {@code -32768..32767} (reason
   *     {@code OVERFLOW})
   */
  public static short checkedToShort(long value) {
    return (short) Range.SHORT.check(value);
  }

  /**
   * Returns {@code value} as a {@code byte}.
   *
   * @param value the value to convert
   * @return {@code value}, unchanged
   * @throws NumericConversionException if {@code value} is outside {@code -128..127} (reason {@code
   *     OVERFLOW})
   */
  public static byte checkedToByte(long value) {
    return (byte) Range.BYTE.check(value);
  }

  /**
   * Returns {@code value} as a {@code char}, the UTF-16 code unit with that number.
   *
   * @param value the value to convert
   * @return {@code value}, unchanged
   * @throws NumericConversionException if {@code value} is negative (reason {@code
   *     NEGATIVE_TO_UNSIGNED}) or above 65535 (reason {@code OVERFLOW})
   */
  public static char checkedToChar(long value) {
    return (char) Range.CHAR.check(value);
  }

  /**
   * Returns the 32-bit pattern of {@code value} read as an unsigned int, such as a length field of
   * a wire format: {@code 4294967295L} becomes {@code -1} ({@code 0xFFFFFFFF}).
   *
   * @param value the value to convert, in {@code 0..4294967295}
   * @return the low 32 bits of {@code value}
   * @throws NumericConversionException if {@code value} is negative (reason {@code
   *     NEGATIVE_TO_UNSIGNED}) or above 4294967295 (reason {@code OVERFLOW})
   */
  public static int checkedToUnsignedInt(long value) {
    return (int) Range.UNSIGNED_INT.check(value);
  }

  /**
   * Returns the 16-bit pattern of {@code value} read as an unsigned short: {@code 65535} becomes
   * {@code -1} ({@code 0xFFFF}).
   *
   * @param value the value to convert, in {@code 0..65535}
   * @return the low 16 bits of {@code value}
   * @throws NumericConversionException if {@code value} is negative (reason {@code
   *     NEGATIVE_TO_UNSIGNED}) or above 65535 (reason {@code OVERFLOW})
   */
  public static short checkedToUnsignedShort(long value) {
    return (short) Range.UNSIGNED_SHORT.check(value);
  }

  /**
   * Returns the 8-bit pattern of {@code value} read as an unsigned byte: {@code 255} becomes {@code
   * -1} ({@code 0xFF}).
   *
   * @param value the value to convert, in {@code 0..255}
   * @return the low 8 bits of {@code value}
   * @throws NumericConversionException if {@code value} is negative (reason {@code
   *     NEGATIVE_TO_UNSIGNED}) or above 255 (reason {@code OVERFLOW})
   */
  public static byte checkedToUnsignedByte(long value) {
    return (byte) Range.UNSIGNED_BYTE.check(value);
  }

  /**
   * Returns {@code value} as a {@code long}. Unlike {@link BigInteger#longValueExact()}, the
   * exception names the value.
   *
   * @param value the value to convert
   * @return {@code value}, unchanged
   * @throws NullPointerException if {@code value} is null
   * @throws NumericConversionException if {@code value} is outside {@code
   *     Long.MIN_VALUE..Long.MAX_VALUE} (reason {@code OVERFLOW})
   */
  public static long checkedToLong(BigInteger value) {
    return Range.LONG.check(trusted(value));
  }

  /**
   * Returns the 64-bit pattern of {@code value} read as an unsigned long: 2^64 - 1 becomes {@code
   * -1L}.
   *
   * @param value the value to convert, in {@code 0..18446744073709551615}
   * @return the low 64 bits of {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws NumericConversionException if {@code value} is negative (reason {@code
   *     NEGATIVE_TO_UNSIGNED}) or above 2^64 - 1 (reason {@code OVERFLOW})
   */
  public static long checkedToUnsignedLong(BigInteger value) {
    BigInteger v = trusted(value);
    if (v.signum() < 0 || v.bitLength() > Long.SIZE) {
      Reason reason = v.signum() < 0 ? Reason.NEGATIVE_TO_UNSIGNED : Reason.OVERFLOW;
      throw NumericConversionException.outOfRange(reason, v, UNSIGNED_LONG, UNSIGNED_LONG_RANGE);
    }
    return v.longValue();
  }

  /**
   * Returns {@code value} as a {@code long} if it is a whole number in range, whatever its scale:
   * {@code 5.000} and {@code 5E+0} give 5, {@code 1E+3} gives 1000, {@code 5.5} throws.
   *
   * @param value the value to convert
   * @return {@code value} as a long
   * @throws NullPointerException if {@code value} is null
   * @throws NumericConversionException if {@code value} has a non-zero fractional part (reason
   *     {@code FRACTION}) or is outside the range of {@code long} (reason {@code OVERFLOW})
   */
  public static long checkedToLong(BigDecimal value) {
    BigDecimal v = ExactConversion.trusted(Objects.requireNonNull(value, "value"));
    return ExactConversion.toIntegral(v, Range.LONG, v);
  }

  /**
   * Returns {@code value} as an {@code int} if it is a whole number in range. {@code -0.0} gives 0.
   * Unlike {@code (int) value}, which turns NaN into 0 and 1e10 into {@code Integer.MAX_VALUE},
   * this never rounds or clamps.
   *
   * @param value the value to convert
   * @return {@code value} as an int
   * @throws NumericConversionException if {@code value} is NaN (reason {@code NOT_A_NUMBER}),
   *     infinite ({@code INFINITE}), has a fractional part ({@code FRACTION}) or is outside the
   *     range of {@code int} ({@code OVERFLOW})
   */
  public static int checkedToInt(double value) {
    return (int) ExactConversion.toIntegral(value, Range.INT, value);
  }

  /**
   * Returns {@code value} as a {@code long} if it is a whole number in range. {@code -0.0} gives 0;
   * 2^63 (which {@code (double) Long.MAX_VALUE} rounds to) throws.
   *
   * @param value the value to convert
   * @return {@code value} as a long
   * @throws NumericConversionException if {@code value} is NaN (reason {@code NOT_A_NUMBER}),
   *     infinite ({@code INFINITE}), has a fractional part ({@code FRACTION}) or is outside the
   *     range of {@code long} ({@code OVERFLOW})
   */
  public static long checkedToLong(double value) {
    return ExactConversion.toIntegral(value, Range.LONG, value);
  }

  /**
   * Returns the unsigned reading of the 64-bit pattern {@code bits} as a (signed) {@code long}.
   *
   * @param bits an unsigned 64-bit value, as produced by {@link Long#parseUnsignedLong} or {@link
   *     #checkedToUnsignedLong}
   * @return {@code bits}, if its unsigned reading is at most {@code Long.MAX_VALUE}
   * @throws NumericConversionException if the unsigned reading exceeds {@code Long.MAX_VALUE}, that
   *     is, if the top bit is set (reason {@code OVERFLOW}; the message shows the unsigned reading)
   */
  public static long checkedUnsignedToLong(long bits) {
    if (bits < 0) {
      throw Range.LONG.failure(false, Long.toUnsignedString(bits));
    }
    return bits;
  }

  /**
   * Returns the unsigned reading of the 32-bit pattern {@code bits} as a (signed) {@code int}.
   *
   * @param bits an unsigned 32-bit value
   * @return {@code bits}, if its unsigned reading is at most {@code Integer.MAX_VALUE}
   * @throws NumericConversionException if the unsigned reading exceeds {@code Integer.MAX_VALUE},
   *     that is, if the top bit is set (reason {@code OVERFLOW}; the message shows the unsigned
   *     reading)
   */
  public static int checkedUnsignedToInt(int bits) {
    return (int) Range.INT.check(Integer.toUnsignedLong(bits));
  }

  /**
   * Returns the unsigned reading of the 64-bit pattern {@code bits}: {@code -1L} gives 2^64 - 1.
   * Never fails.
   *
   * @param bits an unsigned 64-bit value
   * @return a value in {@code 0..18446744073709551615}
   */
  public static BigInteger unsignedToBigInteger(long bits) {
    BigInteger signed = BigInteger.valueOf(bits);
    return bits < 0 ? signed.add(TWO_TO_THE_64) : signed;
  }

  /**
   * Returns {@code value} clamped to {@code Integer.MIN_VALUE..Integer.MAX_VALUE}.
   *
   * @param value the value to convert
   * @return the int nearest to {@code value}
   */
  public static int saturatedToInt(long value) {
    return (int) Range.INT.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code -32768..32767}.
   *
   * @param value the value to convert
   * @return the short nearest to {@code value}
   */
  public static short saturatedToShort(long value) {
    return (short) Range.SHORT.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code -128..127}.
   *
   * @param value the value to convert
   * @return the byte nearest to {@code value}
   */
  public static byte saturatedToByte(long value) {
    return (byte) Range.BYTE.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code 0..65535}, as a {@code char}.
   *
   * @param value the value to convert
   * @return the char nearest to {@code value}
   */
  public static char saturatedToChar(long value) {
    return (char) Range.CHAR.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code 0..4294967295}, as the 32-bit pattern of that unsigned
   * int: a negative value gives 0, a value above the range gives {@code -1} ({@code 0xFFFFFFFF}).
   *
   * @param value the value to convert
   * @return the bits of the unsigned int nearest to {@code value}
   */
  public static int saturatedToUnsignedInt(long value) {
    return (int) Range.UNSIGNED_INT.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code 0..65535}, as the 16-bit pattern of that unsigned
   * short.
   *
   * @param value the value to convert
   * @return the bits of the unsigned short nearest to {@code value}
   */
  public static short saturatedToUnsignedShort(long value) {
    return (short) Range.UNSIGNED_SHORT.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code 0..255}, as the 8-bit pattern of that unsigned byte.
   *
   * @param value the value to convert
   * @return the bits of the unsigned byte nearest to {@code value}
   */
  public static byte saturatedToUnsignedByte(long value) {
    return (byte) Range.UNSIGNED_BYTE.clamp(value);
  }

  /**
   * Returns {@code value} clamped to {@code Long.MIN_VALUE..Long.MAX_VALUE}.
   *
   * @param value the value to convert
   * @return the long nearest to {@code value}
   * @throws NullPointerException if {@code value} is null
   */
  public static long saturatedToLong(BigInteger value) {
    return Range.LONG.clamp(trusted(value));
  }

  /**
   * Returns {@code value} clamped to {@code 0..18446744073709551615}, as the 64-bit pattern of that
   * unsigned long: a negative value gives 0, a value above the range gives {@code -1L}.
   *
   * @param value the value to convert
   * @return the bits of the unsigned long nearest to {@code value}
   * @throws NullPointerException if {@code value} is null
   */
  public static long saturatedToUnsignedLong(BigInteger value) {
    BigInteger v = trusted(value);
    if (v.signum() < 0) {
      return 0;
    }
    return v.bitLength() > Long.SIZE ? -1L : v.longValue();
  }

  /**
   * Converts {@code value} exactly to {@code target}: the result has the same numeric value, or the
   * method throws. Sources and targets are {@code Byte}, {@code Short}, {@code Integer}, {@code
   * Long}, {@code BigInteger}, {@code BigDecimal}, {@code Float} and {@code Double}; a primitive
   * target class ({@code int.class}) gives its wrapper.
   *
   * <ul>
   *   <li>Integral targets take whole numbers in range: {@code Double 3.0} and {@code BigDecimal
   *       3.000} give {@code Integer 3}; {@code Double 1.5} throws.
   *   <li>{@code Float} and {@code Double} targets take values they hold exactly: {@code Long} 2^53
   *       + 1 and {@code BigDecimal 0.1} throw for {@code Double}. NaN, infinities and {@code -0.0}
   *       pass between {@code Float} and {@code Double}.
   *   <li>{@code BigDecimal} targets take every finite value; a {@code double} gives its exact
   *       binary value, so {@code 0.1} gives {@code 0.1000000000000000055511151231257827…}, unlike
   *       {@link BigDecimal#valueOf(double)}. {@code -0.0} gives 0.
   * </ul>
   *
   * <p><b>Warning:</b> a {@code BigDecimal} such as {@code 1E+100000000} converts to a {@code
   * BigInteger} of a hundred million digits, which takes long and much memory; bound the exponent
   * of untrusted {@code BigDecimal}s before converting them to {@code BigInteger}. Conversions to
   * bounded types check the magnitude first and fail fast.
   *
   * @param <T> the target type
   * @param value the value to convert
   * @param target the class of the result
   * @return {@code value} as a {@code T}, numerically equal to {@code value}
   * @throws NullPointerException if {@code value} or {@code target} is null
   * @throws IllegalArgumentException if {@code target} or the class of {@code value} is not one of
   *     the supported types (subclasses of {@code BigInteger} and {@code BigDecimal} are accepted
   *     as sources and copied first)
   * @throws NumericConversionException if {@code target} cannot hold {@code value} exactly; the
   *     reason is {@code OVERFLOW}, {@code NEGATIVE_TO_UNSIGNED}, {@code FRACTION}, {@code
   *     NOT_A_NUMBER}, {@code INFINITE} or {@code INEXACT}, and the message names the value and the
   *     simple name of {@code target}
   */
  public static <T extends Number> T convert(Number value, Class<T> target) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(target, "target");
    Number result = ExactConversion.convert(value, target);
    if (!target.isPrimitive()) {
      return target.cast(result);
    }
    // int.class is a Class<Integer>: for a primitive target, T is the wrapper, which result is.
    @SuppressWarnings("unchecked")
    T boxed = (T) result;
    return boxed;
  }

  private static BigInteger trusted(BigInteger value) {
    return ExactConversion.trusted(Objects.requireNonNull(value, "value"));
  }
}
