package dev.sectools.convert;

import java.io.Serial;

/**
 * Thrown when a number cannot be converted exactly to the requested type: it overflows the type, it
 * is negative and the type is unsigned, it has a fractional part, it is NaN or infinite, a
 * floating-point type cannot hold it exactly, or a parsed value lies outside the caller's bounds.
 *
 * <p>Like the {@link ArithmeticException} it extends, this is unchecked: the value came from the
 * caller, and the caller is the one to validate it or to choose a saturating method instead. The
 * message always names the offending value and the target type, for example {@code value 3000000000
 * does not fit in int (range -2147483648..2147483647)}; {@link #getReason()} says which rule was
 * broken without parsing the message.
 *
 * <p>Values and input longer than 64 characters are abbreviated in the message and in {@link
 * #getValue()}, and characters outside printable ASCII are escaped, so that untrusted input can
 * neither flood nor forge log lines.
 */
public final class NumericConversionException extends ArithmeticException {
  @Serial private static final long serialVersionUID = 1L;

  /** Which rule a refused conversion broke. */
  public enum Reason {
    /** The value is above the maximum or below the minimum of the target type. */
    OVERFLOW,
    /**
     * The value is negative and the target (an unsigned type, or {@code char}) has no negatives.
     */
    NEGATIVE_TO_UNSIGNED,
    /** The value has a non-zero fractional part and the target type holds only integers. */
    FRACTION,
    /** The value is NaN and the target type has no NaN. */
    NOT_A_NUMBER,
    /** The value is infinite and the target type has no infinities. */
    INFINITE,
    /**
     * The target is floating point and would have to round the value (too many digits, or too
     * small).
     */
    INEXACT,
    /** A parsed value fits the target type but lies outside the bounds the caller gave. */
    OUT_OF_BOUNDS
  }

  /** The rule the conversion broke. */
  private final Reason reason;

  /** The offending value as shown in the message. */
  private final String value;

  /** The name of the type the value was to be converted to. */
  private final String targetType;

  private NumericConversionException(
      Reason reason, String value, String context, String targetType, String range) {
    super(message(reason, value + context, targetType, range));
    this.reason = reason;
    this.value = value;
    this.targetType = targetType;
  }

  /**
   * Returns the rule the conversion broke.
   *
   * @return the reason, never null
   */
  public Reason getReason() {
    return reason;
  }

  /**
   * Returns the offending value as shown in the message: its decimal form (or, for a value that
   * failed while parsing, the input text), abbreviated after 64 characters and escaped.
   *
   * @return the value, never null
   */
  public String getValue() {
    return value;
  }

  /**
   * Returns the name of the type the value was to be converted to, for example {@code int}, {@code
   * unsigned long}, or the simple class name ({@code Integer}) for {@link Conversions#convert}.
   *
   * @return the type name, never null
   */
  public String getTargetType() {
    return targetType;
  }

  /** The value lies outside {@code range}; {@code reason} is OVERFLOW or NEGATIVE_TO_UNSIGNED. */
  static NumericConversionException outOfRange(
      Reason reason, Object value, String targetType, String range) {
    return new NumericConversionException(reason, Texts.shown(value), "", targetType, range);
  }

  /** The value is not exactly representable for a reason other than range. */
  static NumericConversionException inexact(Reason reason, Object value, String targetType) {
    return new NumericConversionException(reason, Texts.shown(value), "", targetType, "");
  }

  /** Parsed {@code input} is outside {@code range}, the type's range (OVERFLOW) or the caller's. */
  static NumericConversionException parsed(
      Reason reason, Object value, CharSequence input, int radix, String targetType, String range) {
    String context =
        reason == Reason.OUT_OF_BOUNDS
            ? " (parsed from " + Texts.quoted(input) + " in radix " + radix + ")"
            : " (radix " + radix + ")";
    return new NumericConversionException(reason, Texts.shown(value), context, targetType, range);
  }

  private static String message(Reason reason, String value, String type, String range) {
    return "value "
        + value
        + switch (reason) {
          case OVERFLOW -> " does not fit in " + type + " (range " + range + ")";
          case NEGATIVE_TO_UNSIGNED ->
              " is negative and does not fit in " + type + " (range " + range + ")";
          case FRACTION -> " has a fractional part and cannot be converted exactly to " + type;
          case NOT_A_NUMBER -> " is not a number and cannot be converted to " + type;
          case INFINITE -> " is infinite and cannot be converted to " + type;
          case INEXACT -> " cannot be represented exactly as " + type;
          case OUT_OF_BOUNDS -> " is outside the allowed range " + range + " for " + type;
        };
  }
}
