package dev.sectools.convert;

import static dev.sectools.convert.ConversionFailures.assertRefused;
import static dev.sectools.convert.NumericConversionException.Reason.NEGATIVE_TO_UNSIGNED;
import static dev.sectools.convert.NumericConversionException.Reason.OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RangeTest {
  private static final Range SMALL = new Range("small", -10, 10);
  private static final Range UNSIGNED = new Range("unsigned small", 0, 10);

  @Test
  void constructor_minAboveMax_throwsIllegalArgumentNamingBoth() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Range("t", 1, 0))
        .withMessage("min must not exceed max, but min was 1 and max was 0");
  }

  @Test
  void check_valueAtBounds_returnsIt() {
    assertThat(SMALL.check(-10)).isEqualTo(-10);
    assertThat(SMALL.check(10)).isEqualTo(10);
    assertThat(SMALL.check(BigInteger.TEN)).isEqualTo(10);
  }

  @Test
  void check_negativeOutsideSignedRange_throwsOverflow() {
    assertRefused(() -> SMALL.check(-11), OVERFLOW, "-11", "small");
  }

  @Test
  void check_negativeOutsideUnsignedRange_throwsNegativeToUnsigned() {
    assertRefused(() -> UNSIGNED.check(-1), NEGATIVE_TO_UNSIGNED, "-1", "unsigned small");
  }

  @Test
  void check_bigIntegerBeyond64Bits_throwsNamingShownValue() {
    BigInteger huge = BigInteger.ONE.shiftLeft(64).negate();
    assertRefused(
        () -> UNSIGNED.check(huge), NEGATIVE_TO_UNSIGNED, huge.toString(), "unsigned small");
    assertRefused(() -> SMALL.check(huge, "as given"), OVERFLOW, "as given", "small");
  }

  @Test
  void clamp_valuesOutside_returnNearestBound() {
    assertThat(SMALL.clamp(Long.MIN_VALUE)).isEqualTo(-10);
    assertThat(SMALL.clamp(11)).isEqualTo(10);
    assertThat(SMALL.clamp(BigInteger.ONE.shiftLeft(100))).isEqualTo(10);
    assertThat(SMALL.clamp(BigInteger.ONE.shiftLeft(100).negate())).isEqualTo(-10);
    assertThat(SMALL.clamp(BigInteger.valueOf(-3))).isEqualTo(-3);
  }

  @Test
  void text_range_isMinDotDotMax() {
    assertThat(Range.INT.text()).isEqualTo("-2147483648..2147483647");
    assertThat(Range.UNSIGNED_INT.text()).isEqualTo("0..4294967295");
  }

  @Test
  void named_range_keepsBoundsUnderNewName() {
    assertThat(Range.BYTE.named("Byte")).isEqualTo(new Range("Byte", -128, 127));
  }
}
