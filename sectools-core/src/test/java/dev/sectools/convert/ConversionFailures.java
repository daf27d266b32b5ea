package dev.sectools.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sectools.convert.NumericConversionException.Reason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions shared by the tests of this package: how a refused conversion must look. */
final class ConversionFailures {
  private ConversionFailures() {}

  /**
   * Asserts that {@code call} throws a {@link NumericConversionException} for {@code reason} whose
   * getters and message name {@code value} and {@code type}, and returns it.
   */
  static NumericConversionException assertRefused(
      ThrowingCallable call, Reason reason, String value, String type) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(NumericConversionException.class);
    NumericConversionException e = (NumericConversionException) thrown;
    assertThat(e.getReason()).as("reason").isEqualTo(reason);
    assertThat(e.getValue()).as("value").isEqualTo(value);
    assertThat(e.getTargetType()).as("target type").isEqualTo(type);
    assertThat(e.getMessage()).startsWith("value " + value).contains(type);
    return e;
  }

  /** The reason a value outside {@code min..max} is refused with. */
  static Reason outOfRangeReason(boolean negative, boolean unsigned) {
    return negative && unsigned ? Reason.NEGATIVE_TO_UNSIGNED : Reason.OVERFLOW;
  }
}
