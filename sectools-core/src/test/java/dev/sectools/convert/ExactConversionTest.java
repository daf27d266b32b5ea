package dev.sectools.convert;

import static dev.sectools.convert.ConversionFailures.assertRefused;
import static dev.sectools.convert.NumericConversionException.Reason.FRACTION;
import static dev.sectools.convert.NumericConversionException.Reason.OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serial;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ExactConversionTest {

  /** A subclass, which could override any method; trusted() must not hand it on. */
  private static final class SubBigDecimal extends BigDecimal {
    @Serial private static final long serialVersionUID = 1L;

    SubBigDecimal(String value) {
      super(value);
    }
  }

  /** A subclass, which could override any method; trusted() must not hand it on. */
  private static final class SubBigInteger extends BigInteger {
    @Serial private static final long serialVersionUID = 1L;

    SubBigInteger(String value) {
      super(value);
    }
  }

  @Test
  void trusted_genuineBigInteger_returnsSameInstance() {
    BigInteger value = BigInteger.TEN.pow(30);
    assertThat(ExactConversion.trusted(value)).isSameAs(value);
  }

  @Test
  void trusted_bigIntegerSubclass_returnsGenuineEqualCopy() {
    BigInteger copy = ExactConversion.trusted(new SubBigInteger("-123456789012345678901234567890"));
    assertThat(copy.getClass()).isEqualTo(BigInteger.class);
    assertThat(copy).isEqualTo(new BigInteger("-123456789012345678901234567890"));
  }

  @Test
  void trusted_bigDecimalSubclass_returnsGenuineCopyWithSameScale() {
    BigDecimal copy = ExactConversion.trusted(new SubBigDecimal("-1.2500"));
    assertThat(copy.getClass()).isEqualTo(BigDecimal.class);
    assertThat(copy).isEqualTo(new BigDecimal("-1.2500"));
  }

  @Test
  void toIntegral_zeroWithHugeExponent_returnsZeroWithoutExpanding() {
    assertThat(ExactConversion.toIntegral(new BigDecimal("0E+2147483647"), Range.BYTE, "z"))
        .isZero();
  }

  @Test
  void toIntegral_hugeExponent_throwsOverflowWithoutExpanding() {
    BigDecimal huge = new BigDecimal("9E+2147483647");
    assertRefused(
        () -> ExactConversion.toIntegral(huge, Range.BYTE, huge),
        OVERFLOW,
        "9E+2147483647",
        "byte");
  }

  @Test
  void toIntegral_failure_reportsValueAsCallerGaveIt() {
    assertRefused(() -> ExactConversion.toIntegral(2.5, Range.INT, 2.5f), FRACTION, "2.5", "int");
    assertRefused(
        () -> ExactConversion.toIntegral(new BigDecimal("300"), Range.BYTE, "three hundred"),
        OVERFLOW,
        "three hundred",
        "byte");
  }

  @Test
  void convert_bigDecimalSubclass_convertsItsValue() {
    assertThat(ExactConversion.convert(new SubBigDecimal("42.000"), Integer.class)).isEqualTo(42);
  }
}
