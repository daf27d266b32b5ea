package dev.sectools.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.convert.NumericConversionException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.Supplier;

/**
 * The reference the property tests compare against: arbitrary-precision arithmetic, which cannot
 * overflow, written without the code under test and, where possible, by a different method (for
 * example {@code remainder(ONE)} where the production code uses {@code stripTrailingZeros}).
 */
final class Oracle {
  private Oracle() {}

  /**
   * What a conversion to an integral range must do: return {@code value}, or refuse for {@code
   * reason}.
   */
  record Expected(BigInteger value, Reason reason) {
    static Expected accepted(BigInteger value) {
      return new Expected(value, null);
    }

    static Expected refused(Reason reason) {
      return new Expected(null, reason);
    }
  }

  static boolean fits(BigInteger value, BigInteger min, BigInteger max) {
    return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
  }

  static BigInteger clamp(BigInteger value, BigInteger min, BigInteger max) {
    return value.max(min).min(max);
  }

  /** The expectation for the whole number {@code value} and the range {@code min..max}. */
  static Expected ofWhole(BigInteger value, BigInteger min, BigInteger max) {
    if (fits(value, min, max)) {
      return Expected.accepted(value);
    }
    boolean negativeToUnsigned = value.signum() < 0 && min.signum() == 0;
    return Expected.refused(negativeToUnsigned ? Reason.NEGATIVE_TO_UNSIGNED : Reason.OVERFLOW);
  }

  /** The expectation for {@code value} and the range {@code min..max}; fractions are refused. */
  static Expected ofDecimal(BigDecimal value, BigInteger min, BigInteger max) {
    if (value.remainder(BigDecimal.ONE).signum() != 0) {
      return Expected.refused(Reason.FRACTION);
    }
    return ofWhole(value.toBigIntegerExact(), min, max);
  }

  /**
   * The expectation for {@code value} and the range {@code min..max}; NaN and infinities are
   * refused.
   */
  static Expected ofDouble(double value, BigInteger min, BigInteger max) {
    if (Double.isNaN(value)) {
      return Expected.refused(Reason.NOT_A_NUMBER);
    }
    if (Double.isInfinite(value)) {
      return Expected.refused(Reason.INFINITE);
    }
    return ofDecimal(new BigDecimal(value), min, max);
  }

  /**
   * Asserts that {@code call} does what {@code expected} says: returns the value, or throws for the
   * reason with a message naming {@code shownValue} and {@code type}.
   */
  static void assertConversion(
      Expected expected, Supplier<BigInteger> call, String shownValue, String type) {
    if (expected.reason() == null) {
      assertThat(call.get()).as("%s to %s", shownValue, type).isEqualTo(expected.value());
    } else {
      ConversionFailures.assertRefused(call::get, expected.reason(), shownValue, type);
    }
  }

  /** Whether {@code value} has at most {@code bits} significant bits, so a float type holds it. */
  static boolean significantBitsFit(BigInteger value, int bits) {
    BigInteger magnitude = value.abs();
    return magnitude.signum() == 0
        || magnitude.shiftRight(magnitude.getLowestSetBit()).bitLength() <= bits;
  }
}
