package dev.sectools.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.convert.NumericConversionException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NumericConversionExceptionTest {

  /** Builds the exception for {@code reason} the way the production code does. */
  private static NumericConversionException forReason(Reason reason) {
    return switch (reason) {
      case OVERFLOW, NEGATIVE_TO_UNSIGNED ->
          NumericConversionException.outOfRange(reason, -7, "unsigned byte", "0..255");
      case FRACTION, NOT_A_NUMBER, INFINITE, INEXACT ->
          NumericConversionException.inexact(reason, -7, "unsigned byte");
      case OUT_OF_BOUNDS ->
          NumericConversionException.parsed(reason, -7, "-7", 10, "unsigned byte", "0..255");
    };
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void message_everyReason_namesValueAndTargetType(Reason reason) {
    NumericConversionException e = forReason(reason);
    assertThat(e.getReason()).isEqualTo(reason);
    assertThat(e.getValue()).isEqualTo("-7");
    assertThat(e.getTargetType()).isEqualTo("unsigned byte");
    assertThat(e).hasMessageStartingWith("value -7").hasMessageContaining("unsigned byte");
  }

  @Test
  void message_outOfBounds_namesInputRadixAndBounds() {
    NumericConversionException e =
        NumericConversionException.parsed(Reason.OUT_OF_BOUNDS, 256, "100", 16, "int", "0..255");
    assertThat(e)
        .hasMessage(
            "value 256 (parsed from \"100\" in radix 16) is outside the allowed range 0..255 for"
                + " int");
  }

  @Test
  void getValue_valueLongerThan64Chars_isAbbreviatedWithLength() {
    BigInteger huge = BigInteger.ONE.shiftLeft(1000);
    String digits = huge.toString();
    NumericConversionException e =
        NumericConversionException.outOfRange(Reason.OVERFLOW, huge, "long", "...");
    assertThat(e.getValue())
        .isEqualTo(digits.substring(0, 64) + "...(" + digits.length() + " chars)");
    assertThat(e.getMessage()).hasSizeLessThan(200);
  }

  @Test
  void exception_isUncheckedArithmeticException() {
    assertThat(forReason(Reason.OVERFLOW))
        .isInstanceOf(ArithmeticException.class)
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void serialization_roundTrip_keepsReasonValueTypeAndMessage()
      throws IOException, ClassNotFoundException {
    NumericConversionException original = forReason(Reason.NEGATIVE_TO_UNSIGNED);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    assertThat(copy).isInstanceOf(NumericConversionException.class);
    NumericConversionException e = (NumericConversionException) copy;
    assertThat(e.getReason()).isEqualTo(original.getReason());
    assertThat(e.getValue()).isEqualTo(original.getValue());
    assertThat(e.getTargetType()).isEqualTo(original.getTargetType());
    assertThat(e).hasMessage(original.getMessage());
  }
}
