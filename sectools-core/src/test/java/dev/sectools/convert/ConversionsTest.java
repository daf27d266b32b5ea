package dev.sectools.convert;

import static dev.sectools.convert.ConversionFailures.assertRefused;
import static dev.sectools.convert.ConversionFailures.outOfRangeReason;
import static dev.sectools.convert.NumericConversionException.Reason.FRACTION;
import static dev.sectools.convert.NumericConversionException.Reason.INEXACT;
import static dev.sectools.convert.NumericConversionException.Reason.INFINITE;
import static dev.sectools.convert.NumericConversionException.Reason.NEGATIVE_TO_UNSIGNED;
import static dev.sectools.convert.NumericConversionException.Reason.NOT_A_NUMBER;
import static dev.sectools.convert.NumericConversionException.Reason.OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sectools.convert.NumericConversionException.Reason;
import dev.sectools.convert.Oracle.Expected;
import java.io.Serial;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConversionsTest {
  private static final BigInteger TWO_TO_THE_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger UNSIGNED_LONG_MAX = TWO_TO_THE_64.subtract(BigInteger.ONE);

  /** A narrowing from long: its checked and saturated methods, each result read back as a long. */
  record Narrowing(
      String type, long min, long max, LongUnaryOperator checked, LongUnaryOperator saturated) {
    BigInteger bigMin() {
      return BigInteger.valueOf(min);
    }

    BigInteger bigMax() {
      return BigInteger.valueOf(max);
    }

    @Override
    public String toString() {
      return type;
    }
  }

  private static final List<Narrowing> NARROWINGS =
      List.of(
          new Narrowing(
              "int",
              Integer.MIN_VALUE,
              Integer.MAX_VALUE,
              Conversions::checkedToInt,
              Conversions::saturatedToInt),
          new Narrowing(
              "short",
              Short.MIN_VALUE,
              Short.MAX_VALUE,
              Conversions::checkedToShort,
              Conversions::saturatedToShort),
          new Narrowing(
              "byte",
              Byte.MIN_VALUE,
              Byte.MAX_VALUE,
              Conversions::checkedToByte,
              Conversions::saturatedToByte),
          new Narrowing(
              "char", 0, 0xFFFF, Conversions::checkedToChar, Conversions::saturatedToChar),
          new Narrowing(
              "unsigned int",
              0,
              0xFFFF_FFFFL,
              v -> Integer.toUnsignedLong(Conversions.checkedToUnsignedInt(v)),
              v -> Integer.toUnsignedLong(Conversions.saturatedToUnsignedInt(v))),
          new Narrowing(
              "unsigned short",
              0,
              0xFFFF,
              v -> Short.toUnsignedLong(Conversions.checkedToUnsignedShort(v)),
              v -> Short.toUnsignedLong(Conversions.saturatedToUnsignedShort(v))),
          new Narrowing(
              "unsigned byte",
              0,
              0xFF,
              v -> Byte.toUnsignedLong(Conversions.checkedToUnsignedByte(v)),
              v -> Byte.toUnsignedLong(Conversions.saturatedToUnsignedByte(v))));

  static Stream<Narrowing> narrowings() {
    return NARROWINGS.stream();
  }

  /** Answers longValue() with something other than its digits, as any subclass may. */
  private static final class MisreportingBigInteger extends BigInteger {
    @Serial private static final long serialVersionUID = 1L;

    MisreportingBigInteger(long value) {
      super(Long.toString(value));
    }

    @Override
    public long longValue() {
      return 42;
    }
  }

  // ---- narrowing from long: examples at every boundary ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("narrowings")
  void checkedNarrowing_valuesAtAndInsideBounds_returnValueUnchanged(Narrowing n) {
    for (long v : new long[] {n.min(), n.min() + 1, 0, n.max() - 1, n.max()}) {
      assertThat(n.checked().applyAsLong(v)).as("%s", v).isEqualTo(v);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("narrowings")
  void checkedNarrowing_valuesOutsideBounds_throwNamingValueAndType(Narrowing n) {
    for (long v : new long[] {n.min() - 1, n.max() + 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
      if (v >= n.min() && v <= n.max()) {
        continue; // -1 is inside the signed ranges
      }
      Reason reason = outOfRangeReason(v < 0, n.min() == 0);
      assertRefused(() -> n.checked().applyAsLong(v), reason, Long.toString(v), n.type());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("narrowings")
  void saturatedNarrowing_valuesOutsideBounds_clampToNearestBound(Narrowing n) {
    assertThat(n.saturated().applyAsLong(Long.MIN_VALUE)).isEqualTo(n.min());
    assertThat(n.saturated().applyAsLong(n.min() - 1)).isEqualTo(n.min());
    assertThat(n.saturated().applyAsLong(n.min())).isEqualTo(n.min());
    assertThat(n.saturated().applyAsLong(n.max())).isEqualTo(n.max());
    assertThat(n.saturated().applyAsLong(n.max() + 1)).isEqualTo(n.max());
    assertThat(n.saturated().applyAsLong(Long.MAX_VALUE)).isEqualTo(n.max());
  }

  @Test
  void checkedToInt_valueAboveMax_throwsNamingValueAndType() {
    NumericConversionException e =
        assertRefused(
            () -> Conversions.checkedToInt(3_000_000_000L), OVERFLOW, "3000000000", "int");
    assertThat(e)
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("value 3000000000 does not fit in int (range -2147483648..2147483647)");
  }

  @Test
  void checkedToUnsignedInt_negative_throwsNegativeToUnsigned() {
    NumericConversionException e =
        assertRefused(
            () -> Conversions.checkedToUnsignedInt(-1), NEGATIVE_TO_UNSIGNED, "-1", "unsigned int");
    assertThat(e)
        .hasMessage("value -1 is negative and does not fit in unsigned int (range 0..4294967295)");
  }

  @Test
  void checkedToUnsignedInt_unsignedEdges_returnBitPattern() {
    assertThat(Conversions.checkedToUnsignedInt(0xFFFF_FFFFL)).isEqualTo(-1);
    assertThat(Conversions.checkedToUnsignedInt(0x8000_0000L)).isEqualTo(Integer.MIN_VALUE);
    assertRefused(
        () -> Conversions.checkedToUnsignedInt(0x1_0000_0000L),
        OVERFLOW,
        "4294967296",
        "unsigned int");
  }

  @Test
  void checkedToUnsignedShortAndByte_maxUnsigned_returnAllOnes() {
    assertThat(Conversions.checkedToUnsignedShort(65_535)).isEqualTo((short) -1);
    assertThat(Conversions.checkedToUnsignedByte(255)).isEqualTo((byte) -1);
    assertThat(Conversions.checkedToUnsignedByte(128)).isEqualTo(Byte.MIN_VALUE);
  }

  @Test
  void checkedToChar_codeUnits_returnThatChar() {
    assertThat(Conversions.checkedToChar(65)).isEqualTo('A');
    assertThat(Conversions.checkedToChar(0xFFFF)).isEqualTo('\uffff');
    assertRefused(() -> Conversions.checkedToChar(-1), NEGATIVE_TO_UNSIGNED, "-1", "char");
  }

  // ---- BigInteger ----

  @Test
  void checkedToLong_bigIntegerAtLongBounds_returnsValue() {
    assertThat(Conversions.checkedToLong(LONG_MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(Conversions.checkedToLong(LONG_MIN)).isEqualTo(Long.MIN_VALUE);
    assertThat(Conversions.checkedToLong(BigInteger.ZERO)).isZero();
  }

  @Test
  void checkedToLong_bigIntegerJustOutsideLong_throwsOverflow() {
    BigInteger belowMin = LONG_MIN.subtract(BigInteger.ONE);
    assertRefused(
        () -> Conversions.checkedToLong(TWO_TO_THE_63), OVERFLOW, "9223372036854775808", "long");
    assertRefused(
        () -> Conversions.checkedToLong(belowMin), OVERFLOW, "-9223372036854775809", "long");
  }

  @Test
  void checkedToUnsignedLong_unsignedEdges_returnBitPattern() {
    assertThat(Conversions.checkedToUnsignedLong(BigInteger.ZERO)).isZero();
    assertThat(Conversions.checkedToUnsignedLong(LONG_MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(Conversions.checkedToUnsignedLong(TWO_TO_THE_63)).isEqualTo(Long.MIN_VALUE);
    assertThat(Conversions.checkedToUnsignedLong(UNSIGNED_LONG_MAX)).isEqualTo(-1L);
  }

  @Test
  void checkedToUnsignedLong_twoToThe64_throwsOverflow() {
    NumericConversionException e =
        assertRefused(
            () -> Conversions.checkedToUnsignedLong(TWO_TO_THE_64),
            OVERFLOW,
            "18446744073709551616",
            "unsigned long");
    assertThat(e)
        .hasMessage(
            "value 18446744073709551616 does not fit in unsigned long"
                + " (range 0..18446744073709551615)");
  }

  @Test
  void checkedToUnsignedLong_negative_throwsNegativeToUnsigned() {
    assertRefused(
        () -> Conversions.checkedToUnsignedLong(BigInteger.ONE.negate()),
        NEGATIVE_TO_UNSIGNED,
        "-1",
        "unsigned long");
  }

  @Test
  void saturatedToLong_bigIntegerBeyondLong_clampsToNearestBound() {
    assertThat(Conversions.saturatedToLong(TWO_TO_THE_63)).isEqualTo(Long.MAX_VALUE);
    assertThat(Conversions.saturatedToLong(TWO_TO_THE_64.negate())).isEqualTo(Long.MIN_VALUE);
    assertThat(Conversions.saturatedToLong(BigInteger.valueOf(-5))).isEqualTo(-5);
  }

  @Test
  void saturatedToUnsignedLong_bigIntegerBeyondRange_clampsToNearestBound() {
    assertThat(Conversions.saturatedToUnsignedLong(BigInteger.valueOf(-5))).isZero();
    assertThat(Conversions.saturatedToUnsignedLong(TWO_TO_THE_64)).isEqualTo(-1L);
    assertThat(Conversions.saturatedToUnsignedLong(UNSIGNED_LONG_MAX)).isEqualTo(-1L);
    assertThat(Conversions.saturatedToUnsignedLong(TWO_TO_THE_63)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void checkedToLong_bigIntegerSubclassMisreportingLongValue_returnsTheValueItChecked() {
    BigInteger misreporting = new MisreportingBigInteger(-7);
    assertThat(Conversions.checkedToLong(misreporting)).isEqualTo(-7);
    assertThat(Conversions.saturatedToLong(misreporting)).isEqualTo(-7);
    assertThat(Conversions.convert(misreporting, Long.class)).isEqualTo(-7L);
  }

  @Test
  void bigIntegerMethods_null_throwNullPointerNamingParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> Conversions.checkedToLong((BigInteger) null))
        .withMessage("value");
    assertThatNullPointerException()
        .isThrownBy(() -> Conversions.saturatedToUnsignedLong(null))
        .withMessage("value");
    assertThatNullPointerException()
        .isThrownBy(() -> Conversions.checkedToLong((BigDecimal) null))
        .withMessage("value");
  }

  // ---- BigDecimal ----

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "5.000, 5",
    "5E+0, 5",
    "1E+3, 1000",
    "-12.300E+1, -123",
    "-0.000, 0",
    "0E+999999999, 0",
    "9223372036854775807.000, 9223372036854775807",
    "-9223372036854775808, -9223372036854775808"
  })
  void checkedToLong_wholeBigDecimalOfAnyScale_returnsExactValue(String text, long expected) {
    assertThat(Conversions.checkedToLong(new BigDecimal(text))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"5.5", "0.1", "-0.5", "5.0000000000000000000001", "1E-999999999"})
  void checkedToLong_bigDecimalWithFraction_throwsFraction(String text) {
    BigDecimal value = new BigDecimal(text);
    assertRefused(() -> Conversions.checkedToLong(value), FRACTION, value.toString(), "long");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "9223372036854775808",
        "-9223372036854775809",
        "1E+19",
        "1E+999999999",
        "-1E+999999999"
      })
  void checkedToLong_bigDecimalBeyondLong_throwsOverflow(String text) {
    BigDecimal value = new BigDecimal(text);
    assertRefused(() -> Conversions.checkedToLong(value), OVERFLOW, value.toString(), "long");
  }

  // ---- double ----

  @Test
  void checkedToIntAndLong_nan_throwNotANumber() {
    assertRefused(() -> Conversions.checkedToInt(Double.NaN), NOT_A_NUMBER, "NaN", "int");
    assertRefused(() -> Conversions.checkedToLong(Double.NaN), NOT_A_NUMBER, "NaN", "long");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void checkedToIntAndLong_infinity_throwInfinite(double value) {
    String shown = Double.toString(value);
    assertRefused(() -> Conversions.checkedToInt(value), INFINITE, shown, "int");
    assertRefused(() -> Conversions.checkedToLong(value), INFINITE, shown, "long");
  }

  @Test
  void checkedToIntAndLong_negativeZero_returnZero() {
    assertThat(Conversions.checkedToInt(-0.0)).isZero();
    assertThat(Conversions.checkedToLong(-0.0)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {0.5, -0.5, 1e-300, Double.MIN_VALUE, 1.0000000000000002, 2147483646.5})
  void checkedToInt_fraction_throwsFraction(double value) {
    assertRefused(() -> Conversions.checkedToInt(value), FRACTION, Double.toString(value), "int");
  }

  @Test
  void checkedToInt_doubleAtIntBounds_returnsValue() {
    assertThat(Conversions.checkedToInt(2147483647.0)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Conversions.checkedToInt(-2147483648.0)).isEqualTo(Integer.MIN_VALUE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(doubles = {2147483648.0, -2147483649.0, 1e300, -Double.MAX_VALUE})
  void checkedToInt_doubleBeyondInt_throwsOverflow(double value) {
    assertRefused(() -> Conversions.checkedToInt(value), OVERFLOW, Double.toString(value), "int");
  }

  @Test
  void checkedToLong_twoToThe63_throwsOverflow() {
    // (double) Long.MAX_VALUE rounds up to 2^63, which (long) would silently clamp back.
    assertRefused(
        () -> Conversions.checkedToLong((double) Long.MAX_VALUE),
        OVERFLOW,
        "9.223372036854776E18",
        "long");
  }

  @Test
  void checkedToLong_doubleAtLongBounds_returnsValue() {
    assertThat(Conversions.checkedToLong(-0x1p63)).isEqualTo(Long.MIN_VALUE);
    assertThat(Conversions.checkedToLong(Math.nextDown(0x1p63))).isEqualTo(9223372036854774784L);
  }

  // ---- unsigned readings ----

  @ParameterizedTest(name = "{0}")
  @CsvSource({"-1, 18446744073709551615", "-9223372036854775808, 9223372036854775808"})
  void checkedUnsignedToLong_topBitSet_throwsShowingUnsignedReading(long bits, String unsigned) {
    assertRefused(() -> Conversions.checkedUnsignedToLong(bits), OVERFLOW, unsigned, "long");
  }

  @Test
  void checkedUnsignedToLong_topBitClear_returnsBits() {
    assertThat(Conversions.checkedUnsignedToLong(0)).isZero();
    assertThat(Conversions.checkedUnsignedToLong(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void checkedUnsignedToInt_topBitSet_throwsShowingUnsignedReading() {
    assertRefused(() -> Conversions.checkedUnsignedToInt(-1), OVERFLOW, "4294967295", "int");
    assertRefused(
        () -> Conversions.checkedUnsignedToInt(Integer.MIN_VALUE), OVERFLOW, "2147483648", "int");
    assertThat(Conversions.checkedUnsignedToInt(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0, 0",
    "1, 1",
    "9223372036854775807, 9223372036854775807",
    "-9223372036854775808, 9223372036854775808",
    "-1, 18446744073709551615"
  })
  void unsignedToBigInteger_anyBits_returnsUnsignedReading(long bits, String expected) {
    assertThat(Conversions.unsignedToBigInteger(bits)).isEqualTo(new BigInteger(expected));
  }

  // ---- convert(Number, Class) ----

  static Stream<Arguments> exactConversions() {
    return Stream.of(
        arguments((byte) 5, Long.class, 5L),
        arguments(-1L, Byte.class, (byte) -1),
        arguments(3.0, Integer.class, 3),
        arguments(-0.0, Integer.class, 0),
        arguments(new BigDecimal("3.000"), Integer.class, 3),
        arguments(new BigDecimal("1E+3"), Short.class, (short) 1000),
        arguments(new BigDecimal("12.5E+1"), BigInteger.class, BigInteger.valueOf(125)),
        arguments(LONG_MAX, Long.class, Long.MAX_VALUE),
        arguments(Long.MIN_VALUE, BigInteger.class, LONG_MIN),
        arguments(5, BigDecimal.class, BigDecimal.valueOf(5)),
        arguments(-0.0, BigDecimal.class, BigDecimal.ZERO),
        arguments(
            0.1,
            BigDecimal.class,
            new BigDecimal("0.1000000000000000055511151231257827021181583404541015625")),
        arguments(1L << 53, Double.class, 0x1p53),
        arguments(Long.MIN_VALUE, Double.class, -0x1p63),
        arguments(BigInteger.valueOf(100), Float.class, 100f),
        arguments(new BigDecimal("0.5"), Double.class, 0.5),
        arguments(0.1f, Double.class, (double) 0.1f),
        arguments(0.5, Float.class, 0.5f),
        arguments(Double.NaN, Float.class, Float.NaN),
        arguments(Float.NEGATIVE_INFINITY, Double.class, Double.NEGATIVE_INFINITY),
        arguments(-0.0, Double.class, -0.0),
        arguments(-0.0f, Float.class, -0.0f),
        arguments(7, int.class, 7));
  }

  @ParameterizedTest(name = "[{index}] {0} to {1}")
  @MethodSource("exactConversions")
  void convert_targetHoldsValueExactly_returnsEqualValueOfTargetType(
      Number value, Class<? extends Number> target, Number expected) {
    assertThat(Conversions.convert(value, target)).isEqualTo(expected);
  }

  static Stream<Arguments> refusedConversions() {
    return Stream.of(
        arguments(1.5, Integer.class, FRACTION),
        arguments(1.1f, Long.class, FRACTION),
        arguments(new BigDecimal("5.5"), BigInteger.class, FRACTION),
        arguments(Long.MAX_VALUE, Integer.class, OVERFLOW),
        arguments(128, Byte.class, OVERFLOW),
        arguments(-129, byte.class, OVERFLOW),
        arguments(1e19, Long.class, OVERFLOW),
        arguments(TWO_TO_THE_64, Long.class, OVERFLOW),
        arguments(new BigDecimal("1E+400"), Double.class, OVERFLOW),
        arguments(1e300, Float.class, OVERFLOW),
        arguments(Double.NaN, Long.class, NOT_A_NUMBER),
        arguments(Float.NaN, BigInteger.class, NOT_A_NUMBER),
        arguments(Double.NaN, BigDecimal.class, NOT_A_NUMBER),
        arguments(Double.NEGATIVE_INFINITY, BigDecimal.class, INFINITE),
        arguments(Float.POSITIVE_INFINITY, Short.class, INFINITE),
        arguments((1L << 53) + 1, Double.class, INEXACT),
        arguments(16_777_217, Float.class, INEXACT),
        arguments(new BigDecimal("0.1"), Double.class, INEXACT),
        arguments(0.1, Float.class, INEXACT),
        arguments(1e-300, Float.class, INEXACT));
  }

  @ParameterizedTest(name = "[{index}] {0} to {1}")
  @MethodSource("refusedConversions")
  void convert_targetCannotHoldValueExactly_throwsNamingValueAndType(
      Number value, Class<? extends Number> target, Reason reason) {
    assertRefused(
        () -> Conversions.convert(value, target), reason, value.toString(), target.getSimpleName());
  }

  @Test
  void convert_unsupportedTarget_throwsIllegalArgumentNamingClass() {
    assertThatThrownBy(() -> Conversions.convert(5, AtomicInteger.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be")
        .hasMessageContaining(AtomicInteger.class.getName());
  }

  @Test
  void convert_unsupportedSource_throwsIllegalArgumentNamingClass() {
    assertThatThrownBy(() -> Conversions.convert(new AtomicLong(5), Long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value must be")
        .hasMessageContaining(AtomicLong.class.getName());
  }

  @Test
  void convert_nullArgument_throwsNullPointerNamingParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> Conversions.convert(null, Long.class))
        .withMessage("value");
    assertThatNullPointerException()
        .isThrownBy(() -> Conversions.convert(5, null))
        .withMessage("target");
  }

  @Test
  void convert_primitiveTarget_returnsWrapper() {
    Number result = Conversions.convert(5L, int.class);
    assertThat(result).isInstanceOf(Integer.class).isEqualTo(5);
  }

  // ---- properties against the BigInteger oracle ----

  @Provide
  Arbitrary<Long> longs() {
    return NumberArbitraries.longs();
  }

  @Provide
  Arbitrary<BigInteger> bigIntegers() {
    return NumberArbitraries.bigIntegers();
  }

  @Provide
  Arbitrary<BigDecimal> bigDecimals() {
    return NumberArbitraries.bigDecimals();
  }

  @Provide
  Arbitrary<Double> doubles() {
    return NumberArbitraries.doubles();
  }

  @Property
  void checkedNarrowings_anyLong_returnValueIffOracleSaysItFits(@ForAll("longs") long value) {
    BigInteger exact = BigInteger.valueOf(value);
    for (Narrowing n : NARROWINGS) {
      Oracle.assertConversion(
          Oracle.ofWhole(exact, n.bigMin(), n.bigMax()),
          () -> BigInteger.valueOf(n.checked().applyAsLong(value)),
          Long.toString(value),
          n.type());
    }
  }

  @Property
  void saturatedNarrowings_anyLong_equalClampOfOracle(@ForAll("longs") long value) {
    for (Narrowing n : NARROWINGS) {
      BigInteger clamped = Oracle.clamp(BigInteger.valueOf(value), n.bigMin(), n.bigMax());
      assertThat(n.saturated().applyAsLong(value)).as(n.type()).isEqualTo(clamped.longValueExact());
    }
  }

  @Property
  void checkedToLong_anyBigInteger_returnsValueIffOracleSaysItFits(
      @ForAll("bigIntegers") BigInteger value) {
    Oracle.assertConversion(
        Oracle.ofWhole(value, LONG_MIN, LONG_MAX),
        () -> BigInteger.valueOf(Conversions.checkedToLong(value)),
        value.toString(),
        "long");
  }

  @Property
  void checkedToUnsignedLong_anyBigInteger_returnsBitsIffOracleSaysItFits(
      @ForAll("bigIntegers") BigInteger value) {
    Oracle.assertConversion(
        Oracle.ofWhole(value, BigInteger.ZERO, UNSIGNED_LONG_MAX),
        () -> new BigInteger(Long.toUnsignedString(Conversions.checkedToUnsignedLong(value))),
        value.toString(),
        "unsigned long");
  }

  @Property
  void saturatedToLongAndUnsignedLong_anyBigInteger_equalClampOfOracle(
      @ForAll("bigIntegers") BigInteger value) {
    assertThat(Conversions.saturatedToLong(value))
        .isEqualTo(Oracle.clamp(value, LONG_MIN, LONG_MAX).longValueExact());
    assertThat(Long.toUnsignedString(Conversions.saturatedToUnsignedLong(value)))
        .isEqualTo(Oracle.clamp(value, BigInteger.ZERO, UNSIGNED_LONG_MAX).toString());
  }

  @Property
  void unsignedReadings_anyBits_matchOracle(@ForAll("longs") long bits) {
    BigInteger unsigned = new BigInteger(Long.toUnsignedString(bits));
    assertThat(Conversions.unsignedToBigInteger(bits)).isEqualTo(unsigned);
    Oracle.assertConversion(
        Oracle.ofWhole(unsigned, LONG_MIN, LONG_MAX),
        () -> BigInteger.valueOf(Conversions.checkedUnsignedToLong(bits)),
        unsigned.toString(),
        "long");
    int intBits = (int) bits;
    BigInteger unsignedInt = new BigInteger(Integer.toUnsignedString(intBits));
    Oracle.assertConversion(
        Oracle.ofWhole(
            unsignedInt,
            BigInteger.valueOf(Integer.MIN_VALUE),
            BigInteger.valueOf(Integer.MAX_VALUE)),
        () -> BigInteger.valueOf(Conversions.checkedUnsignedToInt(intBits)),
        unsignedInt.toString(),
        "int");
  }

  @Property
  void checkedToLong_anyBigDecimal_returnsValueIffOracleSaysWholeAndFits(
      @ForAll("bigDecimals") BigDecimal value) {
    Oracle.assertConversion(
        Oracle.ofDecimal(value, LONG_MIN, LONG_MAX),
        () -> BigInteger.valueOf(Conversions.checkedToLong(value)),
        value.toString(),
        "long");
  }

  @Property
  void checkedToIntAndLong_anyDouble_matchOracle(@ForAll("doubles") double value) {
    String shown = Double.toString(value);
    Oracle.assertConversion(
        Oracle.ofDouble(value, LONG_MIN, LONG_MAX),
        () -> BigInteger.valueOf(Conversions.checkedToLong(value)),
        shown,
        "long");
    Oracle.assertConversion(
        Oracle.ofDouble(
            value, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
        () -> BigInteger.valueOf(Conversions.checkedToInt(value)),
        shown,
        "int");
  }

  /** An integral target class of convert() and its range, as the oracle knows it. */
  private record IntegralTarget(Class<? extends Number> type, long min, long max) {}

  private static final List<IntegralTarget> INTEGRAL_TARGETS =
      List.of(
          new IntegralTarget(Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE),
          new IntegralTarget(short.class, Short.MIN_VALUE, Short.MAX_VALUE),
          new IntegralTarget(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE),
          new IntegralTarget(Long.class, Long.MIN_VALUE, Long.MAX_VALUE));

  @Property
  void convert_anyBigDecimalToIntegralTargets_matchesOracle(
      @ForAll("bigDecimals") BigDecimal value) {
    for (IntegralTarget target : INTEGRAL_TARGETS) {
      Oracle.assertConversion(
          Oracle.ofDecimal(
              value, BigInteger.valueOf(target.min()), BigInteger.valueOf(target.max())),
          () -> BigInteger.valueOf(Conversions.convert(value, target.type()).longValue()),
          value.toString(),
          target.type().getSimpleName());
    }
    Expected whole =
        value.remainder(BigDecimal.ONE).signum() == 0
            ? Expected.accepted(value.toBigIntegerExact())
            : Expected.refused(FRACTION);
    Oracle.assertConversion(
        whole, () -> Conversions.convert(value, BigInteger.class), value.toString(), "BigInteger");
  }

  @Property
  void convert_anyIntegerToFloatingTargets_exactIffSignificantBitsFit(
      @ForAll("bigIntegers") BigInteger value) {
    if (Oracle.significantBitsFit(value, 53)) {
      assertThat(Conversions.convert(value, Double.class)).isEqualTo(value.doubleValue());
    } else {
      assertRefused(
          () -> Conversions.convert(value, Double.class), INEXACT, value.toString(), "Double");
    }
    if (Oracle.significantBitsFit(value, 24)) {
      assertThat(Conversions.convert(value, Float.class)).isEqualTo(value.floatValue());
    } else {
      assertRefused(
          () -> Conversions.convert(value, Float.class), INEXACT, value.toString(), "Float");
    }
  }

  @Property
  void convert_anyFiniteDoubleThroughBigDecimal_roundTrips(@ForAll("doubles") double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    BigDecimal exact = Conversions.convert(value, BigDecimal.class);
    double expected = value == 0 ? 0.0 : value; // BigDecimal has no -0.0
    assertThat(Conversions.convert(exact, Double.class)).isEqualTo(expected);
  }
}
