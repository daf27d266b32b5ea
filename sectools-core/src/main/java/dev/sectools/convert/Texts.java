package dev.sectools.convert;

import java.util.Locale;

/**
 * How values and caller input appear in exception messages.
 *
 * <p>Input may come from an attacker and messages end up in logs, so text is cut after {@value
 * #MAX_SHOWN_CHARS} characters or {@value #MAX_ESCAPED_CHARS} characters once escaped, whichever
 * comes first (a megabyte of digits must not become a megabyte of log), and anything outside
 * printable ASCII is escaped (a {@code \n} in the input must not forge a log line).
 */
final class Texts {
  /** Characters of a value or input shown before the rest is replaced by its length. */
  static final int MAX_SHOWN_CHARS = 64;
  /** The most characters the shown part may take once escaped (one escape is six characters). */
  static final int MAX_ESCAPED_CHARS = 128;

  private Texts() {}

  /**
   * Returns {@code text} safe for a message: printable ASCII except {@code "} and {@code \} as is,
   * those two backslash-escaped, every other character as a backslash, {@code u} and four hex
   * digits; cut after {@value #MAX_SHOWN_CHARS} characters, or earlier if escaping would pass
   * {@value #MAX_ESCAPED_CHARS}, with the full length appended.
   */
  static String shown(CharSequence text) {
    int length = text.length();
    int limit = Math.min(length, MAX_SHOWN_CHARS);
    StringBuilder out = new StringBuilder(MAX_ESCAPED_CHARS + 24);
    int shownLength = 0;
    while (shownLength < limit) {
      int before = out.length();
      appendEscaped(out, text.charAt(shownLength));
      if (out.length() > MAX_ESCAPED_CHARS) {
        out.setLength(before);
        break;
      }
      shownLength++;
    }
    if (length > shownLength) {
      out.append("...(").append(length).append(" chars)");
    }
    return out.toString();
  }

  /** Returns {@link #shown} of the value's {@code toString()}. */
  static String shown(Object value) {
    return shown(String.valueOf(value));
  }

  /** Returns {@link #shown} in double quotes. */
  static String quoted(CharSequence text) {
    return '"' + shown(text) + '"';
  }

  private static void appendEscaped(StringBuilder out, char c) {
    if (c == '"' || c == '\\') {
      out.append('\\').append(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out.append(c);
    } else {
      out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }
  }
}
