package dev.sectools.cli.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * A minimal JSON writer for the {@code --json} outputs: objects, arrays, strings, numbers,
 * booleans and {@code null}, escaped per RFC 8259. No dependency, nothing to configure.
 */
public final class Json {
  private Json() {}

  /** {@code value} as a JSON text: a {@link Map} (string keys), {@link Iterable}, string, number, boolean or null. */
  public static String of(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value) {
    switch (value) {
      case null -> sb.append("null");
      case String s -> string(sb, s);
      case Boolean b -> sb.append(b);
      case Integer i -> sb.append(i);
      case Long l -> sb.append(l);
      case Instant t -> string(sb, t.toString());
      case Duration d -> string(sb, d.toString());
      case Enum<?> e -> string(sb, e.name().toLowerCase(java.util.Locale.ROOT));
      case Map<?, ?> m -> {
        sb.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          string(sb, String.valueOf(e.getKey()));
          sb.append(':');
          write(sb, e.getValue());
          if (it.hasNext()) {
            sb.append(',');
          }
        }
        sb.append('}');
      }
      case Iterable<?> list -> {
        sb.append('[');
        Iterator<?> it = list.iterator();
        while (it.hasNext()) {
          write(sb, it.next());
          if (it.hasNext()) {
            sb.append(',');
          }
        }
        sb.append(']');
      }
      default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void string(StringBuilder sb, CharSequence s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
