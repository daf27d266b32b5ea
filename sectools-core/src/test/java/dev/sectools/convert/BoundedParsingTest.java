package dev.sectools.convert;

import static dev.sectools.convert.ConversionFailures.assertRefused;
import static dev.sectools.convert.NumericConversionException.Reason.OUT_OF_BOUNDS;
import static dev.sectools.convert.NumericConversionException.Reason.OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BoundedParsingTest {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  // ---- examples ----

  @ParameterizedTest(name = "{0} in radix {1}")
  @CsvSource({
    "0, 10, 0",
    "-0, 10, 0",
    "+5, 10, 5",
    "007, 10, 7",
    "ff, 16, 255",
    "FF, 16, 255",
    "-80, 16, -128",
    "zz, 36, 1295",
    "101, 2, 5",
    "9223372036854775807, 10, 9223372036854775807",
    "-9223372036854775808, 10, -9223372036854775808",
    "7fffffffffffffff, 16, 9223372036854775807",
    "-8000000000000000, 16, -9223372036854775808"
  })
  void parseLong_wellFormedText_returnsValue(String text, int radix, long expected) {
    assertThat(BoundedParsing.parseLong(text, radix, Long.MIN_VALUE, Long.MAX_VALUE))
        .isEqualTo(expected);
  }

  @Test
  void parseInt_octalPermissions_returnsValueWithinBounds() {
    assertThat(BoundedParsing.parseInt("0755", 8, 0, 0777)).isEqualTo(0755);
    assertThat(BoundedParsing.parseInt("-2147483648", 10, Integer.MIN_VALUE, 0))
        .isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void parseLong_stringBuilder_parsesItsContent() {
    assertThat(BoundedParsing.parseLong(new StringBuilder("42"), 10, 0, 100)).isEqualTo(42);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        " 1",
        "1 ",
        "1\t",
        "1_000",
        "0x10",
        "1.0",
        "--1",
        "+-1",
        "1-",
        "12a",
        "1e3",
        "\u0661\u0662\u0663",
        "\uff11\uff12\uff13",
        "\ud835\udfcf"
      })
  void parseLong_malformedText_throwsNumberFormatNamingInputAndRadix(String text) {
    Throwable thrown = catchThrowable(() -> BoundedParsing.parseLong(text, 10, 0, 1000));
    assertThat(thrown)
        .isExactlyInstanceOf(NumberFormatException.class)
        .hasMessageStartingWith("input \"" + Texts.shown(text) + "\" is not a radix-10 long: ")
        .hasMessageContaining("is not an ASCII digit of radix 10");
  }

  @Test
  void parseLong_emptyText_throwsNumberFormatSayingEmpty() {
    assertThat(catchThrowable(() -> BoundedParsing.parseLong("", 10, 0, 1)))
        .isExactlyInstanceOf(NumberFormatException.class)
        .hasMessage("input \"\" is not a radix-10 long: it is empty");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"+", "-"})
  void parseInt_signAlone_throwsNumberFormatSayingNoDigits(String text) {
    assertThat(catchThrowable(() -> BoundedParsing.parseInt(text, 16, 0, 1)))
        .isExactlyInstanceOf(NumberFormatException.class)
        .hasMessage("input \"" + text + "\" is not a radix-16 int: it has a sign but no digits");
  }

  @ParameterizedTest(name = "{0} in radix {1}")
  @CsvSource({"2, 2", "8, 8", "g, 16", "G, 16", "a, 10"})
  void parseLong_digitBeyondRadix_throwsNumberFormat(String text, int radix) {
    assertThat(catchThrowable(() -> BoundedParsing.parseLong(text, radix, 0, 100)))
        .isExactlyInstanceOf(NumberFormatException.class)
        .hasMessageContaining("character \"" + text + "\" at index 0 is not an ASCII digit");
  }

  @ParameterizedTest(name = "{0} in radix {1}")
  @CsvSource({
    "9223372036854775808, 10",
    "-9223372036854775809, 10",
    "8000000000000000, 16",
    "99999999999999999999999999, 10"
  })
  void parseLong_beyondLong_throwsOverflowNamingInputAndType(String text, int radix) {
    NumericConversionException e =
        assertRefused(() -> BoundedParsing.parseLong(text, radix, 0, 1), OVERFLOW, text, "long");
    assertThat(e).hasMessageStartingWith("value " + text + " (radix " + radix + ") does not fit");
  }

  @ParameterizedTest(name = "{0} in radix {1}")
  @CsvSource({"2147483648, 10", "-2147483649, 10", "80000000, 16", "9223372036854775808, 10"})
  void parseInt_beyondInt_throwsOverflowNamingInt(String text, int radix) {
    assertRefused(
        () -> BoundedParsing.parseInt(text, radix, Integer.MIN_VALUE, Integer.MAX_VALUE),
        OVERFLOW,
        text,
        "int");
  }

  @Test
  void parseLong_outsideBounds_throwsOutOfBoundsNamingValueAndInput() {
    NumericConversionException e =
        assertRefused(
            () -> BoundedParsing.parseLong("100", 16, 0, 255), OUT_OF_BOUNDS, "256", "long");
    assertThat(e)
        .hasMessage(
            "value 256 (parsed from \"100\" in radix 16) is outside the allowed range 0..255"
                + " for long");
  }

  @Test
  void parseInt_justOutsideBounds_throwsOutOfBounds() {
    assertRefused(() -> BoundedParsing.parseInt("-1", 10, 0, 255), OUT_OF_BOUNDS, "-1", "int");
    assertRefused(() -> BoundedParsing.parseInt("256", 10, 0, 255), OUT_OF_BOUNDS, "256", "int");
    assertThat(BoundedParsing.parseInt("255", 10, 0, 255)).isEqualTo(255);
    assertThat(BoundedParsing.parseInt("0", 10, 0, 255)).isZero();
  }

  @ParameterizedTest(name = "radix {0}")
  @ValueSource(ints = {Integer.MIN_VALUE, -10, 0, 1, 37, 64})
  void parseLong_radixOutside2To36_throwsIllegalArgumentNamingRadix(int radix) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BoundedParsing.parseLong("1", radix, 0, 1))
        .withMessage("radix must be in 2..36, but was " + radix);
  }

  @Test
  void parseLong_minAboveMax_throwsIllegalArgumentNamingBoth() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BoundedParsing.parseLong("1", 10, 5, 3))
        .withMessage("min must not exceed max, but min was 5 and max was 3");
  }

  @Test
  void parseLong_nullText_throwsNullPointerNamingParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> BoundedParsing.parseLong(null, 10, 0, 1))
        .withMessage("text");
  }

  @Test
  void parseLong_inputWithLineBreak_messageCannotForgeLogLine() {
    Throwable thrown =
        catchThrowable(() -> BoundedParsing.parseLong("1\nERROR admin logged in", 10, 0, 9));
    assertThat(thrown).isInstanceOf(NumberFormatException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").contains("1\\u000aERROR admin");
  }

  @Test
  void parseLong_megabyteOfDigits_messageIsAbbreviated() {
    String digits = "9".repeat(1_000_000);
    NumericConversionException e =
        ConversionFailures.assertRefused(
            () -> BoundedParsing.parseLong(digits, 10, 0, 1),
            OVERFLOW,
            "9".repeat(64) + "...(1000000 chars)",
            "long");
    assertThat(e.getMessage()).hasSizeLessThan(200);
  }

  @Test
  void parseLong_megabyteOfGarbage_messageIsAbbreviated() {
    String garbage = "1" + "x".repeat(1_000_000);
    Throwable thrown = catchThrowable(() -> BoundedParsing.parseLong(garbage, 10, 0, 1));
    assertThat(thrown).isInstanceOf(NumberFormatException.class);
    assertThat(thrown.getMessage()).hasSizeLessThan(200).contains("(1000001 chars)");
  }

  // ---- properties against the BigInteger oracle ----

  @Provide
  Arbitrary<Long> longs() {
    return NumberArbitraries.longs();
  }

  @Provide
  Arbitrary<BigInteger> beyondLong() {
    Arbitrary<BigInteger> magnitudes =
        Arbitraries.bigIntegers()
            .between(LONG_MAX.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(300));
    return Arbitraries.oneOf(
        List.of(
            magnitudes,
            magnitudes.map(m -> m.negate().subtract(BigInteger.ONE)),
            NumberArbitraries.nearEdges().filter(v -> v.bitLength() >= Long.SIZE)));
  }

  @Provide
  Arbitrary<String> digitLikeStrings() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.strings()
                .withChars("+-0123456789abcdefzABCDEFZ _\n\u0661\uff11")
                .ofMaxLength(24),
            Arbitraries.strings().ofMaxLength(24)));
  }

  @Property
  void parseLong_toStringInAnyRadix_roundTrips(
      @ForAll("longs") long value, @ForAll @IntRange(min = 2, max = 36) int radix) {
    String text = Long.toString(value, radix);
    assertThat(BoundedParsing.parseLong(text, radix, Long.MIN_VALUE, Long.MAX_VALUE))
        .isEqualTo(value);
    assertThat(
            BoundedParsing.parseLong(
                text.toUpperCase(Locale.ROOT), radix, Long.MIN_VALUE, Long.MAX_VALUE))
        .isEqualTo(value);
  }

  @Property
  void parseInt_toStringInAnyRadix_roundTrips(
      @ForAll int value, @ForAll @IntRange(min = 2, max = 36) int radix) {
    assertThat(
            BoundedParsing.parseInt(
                Integer.toString(value, radix), radix, Integer.MIN_VALUE, Integer.MAX_VALUE))
        .isEqualTo(value);
  }

  @Property
  void parseLong_anyValueAndBounds_returnsIffWithinBounds(
      @ForAll("longs") long value,
      @ForAll("longs") long a,
      @ForAll("longs") long b,
      @ForAll @IntRange(min = 2, max = 36) int radix) {
    long min = Math.min(a, b);
    long max = Math.max(a, b);
    String text = Long.toString(value, radix);
    if (Oracle.fits(BigInteger.valueOf(value), BigInteger.valueOf(min), BigInteger.valueOf(max))) {
      assertThat(BoundedParsing.parseLong(text, radix, min, max)).isEqualTo(value);
    } else {
      NumericConversionException e =
          assertRefused(
              () -> BoundedParsing.parseLong(text, radix, min, max),
              OUT_OF_BOUNDS,
              Long.toString(value),
              "long");
      assertThat(e)
          .hasMessageContaining("\"" + abbreviated(text) + "\"")
          .hasMessageContaining(min + ".." + max);
    }
  }

  @Property
  void parseLongAndInt_textBeyondType_throwOverflowNamingInputAndType(
      @ForAll("beyondLong") BigInteger value, @ForAll @IntRange(min = 2, max = 36) int radix) {
    String text = value.toString(radix);
    String shown = abbreviated(text);
    assertRefused(
        () -> BoundedParsing.parseLong(text, radix, Long.MIN_VALUE, Long.MAX_VALUE),
        OVERFLOW,
        shown,
        "long");
    assertRefused(() -> BoundedParsing.parseInt(text, radix, 0, 1), OVERFLOW, shown, "int");
  }

  @Property
  void parseLong_anyString_agreesWithBigIntegerOracle(
      @ForAll("digitLikeStrings") String text, @ForAll @IntRange(min = 2, max = 36) int radix) {
    Throwable thrown =
        catchThrowable(() -> BoundedParsing.parseLong(text, radix, Long.MIN_VALUE, Long.MAX_VALUE));
    if (!isAsciiInteger(text, radix)) {
      assertThat(thrown).isExactlyInstanceOf(NumberFormatException.class);
      assertThat(thrown.getMessage()).contains("radix-" + radix).doesNotContain("\n");
      return;
    }
    BigInteger exact = new BigInteger(text, radix);
    if (Oracle.fits(exact, LONG_MIN, LONG_MAX)) {
      assertThat(thrown).isNull();
      assertThat(BoundedParsing.parseLong(text, radix, Long.MIN_VALUE, Long.MAX_VALUE))
          .isEqualTo(exact.longValueExact());
    } else {
      assertThat(thrown).isInstanceOf(NumericConversionException.class);
      assertThat(((NumericConversionException) thrown).getReason()).isEqualTo(OVERFLOW);
    }
  }

  /** Input as messages must show it: the first 64 characters, then the length. */
  private static String abbreviated(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...(" + text.length() + " chars)";
  }

  /** The oracle's syntax: an optional sign, then one or more ASCII digits of the radix. */
  private static boolean isAsciiInteger(String text, int radix) {
    String digits = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
    return !digits.isEmpty()
        && digits.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0);
  }

  // ---- fuzzing (a real campaign with JAZZER_FUZZ=1; otherwise a regression run) ----

  @FuzzTest
  void parseLong_fuzzedInput_failsOnlyInDocumentedWays(FuzzedDataProvider data) {
    int radix = data.consumeInt(Character.MIN_RADIX, Character.MAX_RADIX);
    long a = data.consumeLong();
    long b = data.consumeLong();
    long min = Math.min(a, b);
    long max = Math.max(a, b);
    String text = data.consumeRemainingAsString();
    try {
      long value = BoundedParsing.parseLong(text, radix, min, max);
      assertThat(value).isBetween(min, max);
      assertThat(isAsciiInteger(text, radix)).isTrue();
      assertThat(new BigInteger(text, radix)).isEqualTo(BigInteger.valueOf(value));
    } catch (NumberFormatException | NumericConversionException e) {
      assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r").hasSizeLessThan(400);
    }
  }
}
