package dev.sectools.convert;

import dev.sectools.convert.NumericConversionException.Reason;
import java.util.Objects;

/**
 * Parses integers from text, strictly, into bounds the caller states.
 *
 * <p>The accepted syntax is an optional {@code +} or {@code -} followed by one or more ASCII digits
 * of the radix ({@code 0-9}, then {@code a-z} or {@code A-Z}). Leading zeros are accepted. Nothing
 * else is: no whitespace anywhere, no {@code 0x} prefix, no {@code _} separators, no empty string.
 *
 * <p>Failures say whose fault they are and how:
 *
 * <ul>
 *   <li>malformed text: {@link NumberFormatException}, naming the input (abbreviated and escaped),
 *       the radix and the offending character;
 *   <li>well-formed text whose value is outside the type ({@code OVERFLOW}) or outside {@code
 *       min..max} ({@code OUT_OF_BOUNDS}): {@link NumericConversionException};
 *   <li>a bad radix or {@code min > max}, a bug in the calling code: {@link
 *       IllegalArgumentException}.
 * </ul>
 *
 * <p><b>Security:</b> unlike {@link Long#parseLong}, which accepts any Unicode digit (so that
 * Arabic-Indic {@code "١٢٣"} and full-width {@code "１２３"} parse as 123), only ASCII digits are
 * accepted here: a value that passed a text filter cannot turn into a different number at parse
 * time. Input is echoed in messages at most 64 characters long and with control characters escaped,
 * so hostile input can neither flood nor forge log lines.
 */
public final class BoundedParsing {
  private BoundedParsing() {}

  /**
   * Parses {@code text} as a signed integer in {@code radix} and checks that it lies in {@code
   * min..max}. For example {@code parseLong("ff", 16, 0, 255)} returns 255.
   *
   * @param text the text to parse, for example {@code "-42"}
   * @param radix the radix, in {@code Character.MIN_RADIX..Character.MAX_RADIX} (2..36)
   * @param min the smallest value accepted
   * @param max the largest value accepted, at least {@code min}
   * @return the value of {@code text}, in {@code min..max}
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code radix} is outside 2..36 or {@code min > max}
   * @throws NumberFormatException if {@code text} is empty, is a sign alone, or contains a
   *     character that is not an ASCII digit of {@code radix} (other than one leading sign)
   * @throws NumericConversionException if the value is outside the range of {@code long} (reason
   *     {@code OVERFLOW}) or outside {@code min..max} (reason {@code OUT_OF_BOUNDS})
   */
  public static long parseLong(CharSequence text, int radix, long min, long max) {
    return parse(text, radix, Range.LONG, min, max);
  }

  /**
   * Parses {@code text} as a signed integer in {@code radix} and checks that it lies in {@code
   * min..max}. For example {@code parseInt("0755", 8, 0, 0777)} returns 493.
   *
   * @param text the text to parse, for example {@code "-42"}
   * @param radix the radix, in {@code Character.MIN_RADIX..Character.MAX_RADIX} (2..36)
   * @param min the smallest value accepted
   * @param max the largest value accepted, at least {@code min}
   * @return the value of {@code text}, in {@code min..max}
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code radix} is outside 2..36 or {@code min > max}
   * @throws NumberFormatException if {@code text} is empty, is a sign alone, or contains a
   *     character that is not an ASCII digit of {@code radix} (other than one leading sign)
   * @throws NumericConversionException if the value is outside the range of {@code int} (reason
   *     {@code OVERFLOW}) or outside {@code min..max} (reason {@code OUT_OF_BOUNDS})
   */
  public static int parseInt(CharSequence text, int radix, int min, int max) {
    return (int) parse(text, radix, Range.INT, min, max);
  }

  private static long parse(CharSequence text, int radix, Range type, long min, long max) {
    Objects.requireNonNull(text, "text");
    if (radix < Character.MIN_RADIX || radix > Character.MAX_RADIX) {
      throw new IllegalArgumentException(
          "radix must be in "
              + Character.MIN_RADIX
              + ".."
              + Character.MAX_RADIX
              + ", but was "
              + radix);
    }
    Range bounds = new Range(type.typeName(), min, max);
    // A snapshot, so that a StringBuilder changed by another thread between the syntax check and
    // the parse cannot slip unchecked characters through.
    String input = text.toString();
    requireDigits(input, radix, type);
    long value = parseChecked(input, radix, type);
    if (!bounds.contains(value)) {
      throw NumericConversionException.parsed(
          Reason.OUT_OF_BOUNDS, value, input, radix, type.typeName(), bounds.text());
    }
    return value;
  }

  private static void requireDigits(String input, int radix, Range type) {
    if (input.isEmpty()) {
      throw malformed(input, radix, type, "it is empty");
    }
    int first = input.charAt(0) == '-' || input.charAt(0) == '+' ? 1 : 0;
    if (first == input.length()) {
      throw malformed(input, radix, type, "it has a sign but no digits");
    }
    for (int i = first; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c > 0x7f || Character.digit(c, radix) < 0) {
        throw malformed(
            input,
            radix,
            type,
            "character "
                + Texts.quoted(String.valueOf(c))
                + " at index "
                + i
                + " is not an ASCII digit of radix "
                + radix);
      }
    }
  }

  /** Parses input whose syntax {@link #requireDigits} accepted. */
  private static long parseChecked(String input, int radix, Range type) {
    long value;
    try {
      value = Long.parseLong(input, radix);
    } catch (NumberFormatException beyondLong) {
      // The syntax is valid, so the only failure left to Long.parseLong is overflow.
      throw overflow(input, radix, type);
    }
    if (!type.contains(value)) {
      throw overflow(input, radix, type);
    }
    return value;
  }

  private static NumericConversionException overflow(String input, int radix, Range type) {
    return NumericConversionException.parsed(
        Reason.OVERFLOW, input, input, radix, type.typeName(), type.text());
  }

  private static NumberFormatException malformed(String input, int radix, Range type, String why) {
    return new NumberFormatException(
        "input "
            + Texts.quoted(input)
            + " is not a radix-"
            + radix
            + " "
            + type.typeName()
            + ": "
            + why);
  }
}
