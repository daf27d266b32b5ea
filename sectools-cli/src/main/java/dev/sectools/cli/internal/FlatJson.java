package dev.sectools.cli.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a flat JSON object, such as an audit log line: string keys to strings, numbers, booleans
 * or {@code null}, no nesting. Values come back as text (strings unescaped, others as written),
 * in their order. Anything else, nested values included, is not a flat object: empty.
 */
public final class FlatJson {
  private final String text;
  private int pos;

  private FlatJson(String text) {
    this.text = text;
  }

  /** The members of {@code line}, or empty if it is not a flat JSON object. */
  public static Optional<Map<String, String>> parse(String line) {
    try {
      return Optional.of(new FlatJson(line).object());
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private Map<String, String> object() {
    Map<String, String> members = new LinkedHashMap<>();
    expect('{');
    if (peek() == '}') {
      pos++;
    } else {
      do {
        String key = string();
        expect(':');
        members.put(key, value());
      } while (next() == ',');
      pos--;
      expect('}');
    }
    skipSpace();
    if (pos != text.length()) {
      throw new IllegalArgumentException("text after the object");
    }
    return members;
  }

  private String value() {
    if (peek() == '"') {
      return string();
    }
    int start = pos;
    while (pos < text.length() && ",} \t".indexOf(text.charAt(pos)) < 0) {
      if ("{[\"".indexOf(text.charAt(pos)) >= 0) {
        throw new IllegalArgumentException("nested value");
      }
      pos++;
    }
    if (start == pos) {
      throw new IllegalArgumentException("missing value");
    }
    return text.substring(start, pos);
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    for (char c = text.charAt(pos++); c != '"'; c = text.charAt(pos++)) {
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }

  private char next() {
    skipSpace();
    return text.charAt(pos++);
  }

  private char peek() {
    skipSpace();
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
