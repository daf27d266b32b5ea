package dev.sectools.internal.secrets;

import dev.sectools.secrets.InvalidSecretPathException;
import dev.sectools.secrets.PlaintextFormat;
import dev.sectools.secrets.PlaintextFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes plaintext secrets as JSON or dotenv (see {@link PlaintextFormat}). Errors give
 * a line number and the rule broken, never a value. Buffers that held a value are wiped; the
 * {@link Writer} the caller gives sees values as characters.
 */
public final class PlaintextCodec {
  /** The largest plaintext file import reads: it is held in memory until written. */
  public static final int MAX_INPUT_BYTES = 64 * 1024 * 1024;
  private static final Pattern DOTENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private PlaintextCodec() {}

  // ---- writing

  /** Writes one entry after another; {@link #end()} closes the document. */
  public static final class EntryWriter {
    private final Writer out;
    private final PlaintextFormat format;
    private final String prefix;
    private int count;

    /**
     * Starts a document on {@code stream} (UTF-8; flushed by {@link #end()}, never closed);
     * dotenv names are relative to {@code prefix}.
     */
    public EntryWriter(OutputStream stream, PlaintextFormat format, String prefix) throws IOException {
      this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
      this.format = format;
      this.prefix = prefix;
      if (format == PlaintextFormat.JSON) {
        out.write("{");
      } else {
        out.write("# sectools plaintext export: every value below is a secret in the clear\n");
      }
    }

    /**
     * Writes {@code value} (not wiped: the caller's) as the secret {@code path}.
     *
     * @param shown how error messages name the path
     * @throws PlaintextFormatException if the format cannot hold it
     */
    public void entry(String path, byte[] value, String shown) throws IOException {
      char[] text = decode(value);
      try {
        if (format == PlaintextFormat.JSON) {
          out.write(count == 0 ? "\n  " : ",\n  ");
          writeJsonString(path.toCharArray());
          out.write(": ");
          if (text == null) {
            out.write("{\"base64\": \"" + Base64.getEncoder().encodeToString(value) + "\"}");
          } else {
            writeJsonString(text);
          }
        } else {
          writeDotenv(path, text, shown);
        }
        count++;
      } finally {
        if (text != null) {
          Arrays.fill(text, '\0');
        }
      }
    }

    private void writeDotenv(String path, char[] text, String shown) throws IOException {
      String name = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
      if (!DOTENV_NAME.matcher(name).matches()) {
        throw new PlaintextFormatException("secret " + shown + " cannot be written as dotenv: its name under the"
            + " prefix is not [A-Za-z_][A-Za-z0-9_]*; use JSON");
      }
      if (text == null) {
        throw new PlaintextFormatException("secret " + shown + " is not UTF-8 text and cannot be written as"
            + " dotenv; use JSON");
      }
      out.write(name);
      out.write("=\"");
      for (char c : text) {
        switch (c) {
          case '\\' -> out.write("\\\\");
          case '"' -> out.write("\\\"");
          case '$' -> out.write("\\$");
          case '\n' -> out.write("\\n");
          case '\r' -> out.write("\\r");
          case '\t' -> out.write("\\t");
          default -> {
            if (c < 0x20 || c == 0x7f) {
              throw new PlaintextFormatException("secret " + shown + " holds a control character and cannot be"
                  + " written as dotenv; use JSON");
            }
            out.write(c);
          }
        }
      }
      out.write("\"\n");
    }

    private void writeJsonString(char[] s) throws IOException {
      out.write('"');
      for (char c : s) {
        switch (c) {
          case '"' -> out.write("\\\"");
          case '\\' -> out.write("\\\\");
          case '\n' -> out.write("\\n");
          case '\r' -> out.write("\\r");
          case '\t' -> out.write("\\t");
          default -> {
            if (c < 0x20 || c == 0x2028 || c == 0x2029) {
              out.write(String.format("\\u%04x", (int) c));
            } else {
              out.write(c);
            }
          }
        }
      }
      out.write('"');
    }

    /** Ends the document and flushes; returns how many entries were written. */
    public int end() throws IOException {
      if (format == PlaintextFormat.JSON) {
        out.write(count == 0 ? "}\n" : "\n}\n");
      }
      out.flush();
      return count;
    }
  }

  // Strict UTF-8, or null if the value is not text.
  private static char[] decode(byte[] value) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value));
      char[] out = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  // ---- reading

  /**
   * Reads every entry of {@code in} (at most {@link #MAX_INPUT_BYTES}); dotenv names get
   * {@code prefix} in front. Paths are checked; a path given twice is refused. The caller wipes
   * the values.
   *
   * @throws PlaintextFormatException at the first malformed line
   */
  public static Map<String, byte[]> read(InputStream in, PlaintextFormat format, String prefix) throws IOException {
    byte[] bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
    char[] chars = null;
    try {
      if (bytes.length > MAX_INPUT_BYTES) {
        throw new PlaintextFormatException("input larger than " + MAX_INPUT_BYTES + " bytes: split it");
      }
      chars = decode(bytes);
      if (chars == null) {
        throw new PlaintextFormatException("input is not valid UTF-8");
      }
      Cursor cursor = new Cursor(chars);
      return format == PlaintextFormat.JSON ? readJson(cursor) : readDotenv(cursor, prefix);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (chars != null) {
        Arrays.fill(chars, '\0');
      }
    }
  }

  private static Map<String, byte[]> readJson(Cursor c) throws PlaintextFormatException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    c.expect('{', "'{' (a JSON object of secret paths)");
    c.skipWhitespace();
    if (c.peek() == '}') {
      c.next();
    } else {
      while (true) {
        c.skipWhitespace();
        int line = c.line;
        Chars key = c.jsonString();
        String path = key.string();
        c.expect(':', "':'");
        c.skipWhitespace();
        byte[] value;
        if (c.peek() == '"') {
          value = c.jsonString().utf8(c);
        } else if (c.peek() == '{') {
          c.next();
          c.skipWhitespace();
          if (!c.jsonString().string().equals("base64")) {
            throw c.error("expected {\"base64\": \"…\"}");
          }
          c.expect(':', "':'");
          c.skipWhitespace();
          value = base64(c.jsonString(), c);
          c.expect('}', "'}' closing the base64 value");
        } else {
          throw c.error("expected a string or {\"base64\": \"…\"} as the value");
        }
        add(out, path, value, line);
        c.skipWhitespace();
        int next = c.next();
        if (next == '}') {
          break;
        }
        if (next != ',') {
          throw c.error("expected ',' or '}'");
        }
      }
    }
    c.skipWhitespace();
    if (c.peek() != -1) {
      throw c.error("unexpected content after the JSON object");
    }
    return out;
  }

  private static byte[] base64(Chars text, Cursor c) throws PlaintextFormatException {
    byte[] ascii = text.utf8(c);
    try {
      return Base64.getDecoder().decode(ascii);
    } catch (IllegalArgumentException e) {
      throw c.error("invalid base64 value");
    } finally {
      Arrays.fill(ascii, (byte) 0);
    }
  }

  private static Map<String, byte[]> readDotenv(Cursor c, String prefix) throws PlaintextFormatException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    while (c.peek() != -1) {
      int line = c.line;
      c.skipBlanks();
      if (c.peek() == '#' || c.peek() == '\n' || c.peek() == '\r' || c.peek() == -1) {
        c.skipLine();
        continue;
      }
      String name = c.name();
      if (name.equals("export") && (c.peek() == ' ' || c.peek() == '\t')) {
        c.skipBlanks();
        name = c.name();
      }
      if (!DOTENV_NAME.matcher(name).matches()) {
        throw c.error("expected NAME=value with a name of [A-Za-z_][A-Za-z0-9_]*");
      }
      c.skipBlanks();
      if (c.next() != '=') {
        throw c.error("expected '=' after the name");
      }
      c.skipBlanks();
      add(out, prefix + name, c.dotenvValue(), line);
    }
    return out;
  }

  private static void add(Map<String, byte[]> out, String path, byte[] value, int line)
      throws PlaintextFormatException {
    try {
      SecretPaths.check(path);
    } catch (InvalidSecretPathException e) {
      Arrays.fill(value, (byte) 0);
      throw new PlaintextFormatException("line " + line + ": " + e.getMessage());
    }
    if (out.containsKey(path)) {
      Arrays.fill(value, (byte) 0);
      throw new PlaintextFormatException("line " + line + ": a secret path given twice");
    }
    out.put(path, value);
  }

  /** A growable character buffer, wiped as it grows and when turned into bytes. */
  private static final class Chars {
    private char[] buf = new char[64];
    private int length;

    void add(char ch) {
      if (length == buf.length) {
        char[] bigger = Arrays.copyOf(buf, buf.length * 2);
        Arrays.fill(buf, '\0');
        buf = bigger;
      }
      buf[length++] = ch;
    }

    String string() {
      return new String(buf, 0, length);
    }

    byte[] utf8(Cursor c) throws PlaintextFormatException {
      try {
        ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(buf, 0, length));
        byte[] out = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
        Arrays.fill(bytes.array(), (byte) 0);
        return out;
      } catch (CharacterCodingException e) {
        throw c.error("invalid Unicode (an unpaired surrogate) in a string");
      } finally {
        Arrays.fill(buf, '\0');
      }
    }
  }

  /** A position in the input, with its line number. */
  private static final class Cursor {
    private final char[] text;
    private int pos;
    int line = 1;

    Cursor(char[] text) {
      this.text = text;
    }

    int peek() {
      return pos < text.length ? text[pos] : -1;
    }

    int next() {
      int ch = peek();
      if (ch >= 0) {
        pos++;
        if (ch == '\n') {
          line++;
        }
      }
      return ch;
    }

    PlaintextFormatException error(String what) {
      return new PlaintextFormatException("line " + line + ": " + what);
    }

    void skipWhitespace() {
      while (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') {
        next();
      }
    }

    void skipBlanks() {
      while (peek() == ' ' || peek() == '\t') {
        next();
      }
    }

    void skipLine() {
      while (peek() != -1 && next() != '\n') {
        // to the end of the line
      }
    }

    void expect(char ch, String what) throws PlaintextFormatException {
      skipWhitespace();
      if (next() != ch) {
        throw error("expected " + what);
      }
    }

    Chars jsonString() throws PlaintextFormatException {
      if (next() != '"') {
        throw error("expected a string");
      }
      Chars out = new Chars();
      while (true) {
        int ch = next();
        if (ch == -1) {
          throw error("unterminated string");
        } else if (ch == '"') {
          return out;
        } else if (ch < 0x20) {
          throw error("control character in a string: escape it");
        } else if (ch == '\\') {
          int e = next();
          switch (e) {
            case '"', '\\', '/' -> out.add((char) e);
            case 'b' -> out.add('\b');
            case 'f' -> out.add('\f');
            case 'n' -> out.add('\n');
            case 'r' -> out.add('\r');
            case 't' -> out.add('\t');
            case 'u' -> out.add(hex4());
            default -> throw error("invalid escape in a string");
          }
        } else {
          out.add((char) ch);
        }
      }
    }

    private char hex4() throws PlaintextFormatException {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(next(), 16);
        if (d < 0) {
          throw error("invalid \\u escape");
        }
        v = v * 16 + d;
      }
      return (char) v;
    }

    String name() {
      StringBuilder out = new StringBuilder();
      while (peek() != -1 && peek() != '=' && peek() != ' ' && peek() != '\t' && peek() != '\n') {
        out.append((char) next());
      }
      return out.toString();
    }

    byte[] dotenvValue() throws PlaintextFormatException {
      Chars out = new Chars();
      int quote = peek() == '"' || peek() == '\'' ? next() : -1;
      while (true) {
        int ch = peek();
        if (ch == -1 || ch == '\n' || (ch == '\r' && quote == -1)) {
          if (quote != -1) {
            throw error("unterminated quoted value (multi-line values are written as \\n)");
          }
          break;
        }
        next();
        if (ch == quote) {
          break;
        }
        if (quote == -1 && (ch == ' ' || ch == '\t')) {
          int save = pos;
          skipBlanks();
          if (peek() == '#' || peek() == '\n' || peek() == '\r' || peek() == -1) {
            break; // trailing blanks and a comment end an unquoted value
          }
          for (int i = save - 1; i < pos; i++) {
            out.add(text[i]);
          }
          continue;
        }
        if (ch == '\\' && quote == '"') {
          int e = next();
          switch (e) {
            case '\\', '"', '$' -> out.add((char) e);
            case 'n' -> out.add('\n');
            case 'r' -> out.add('\r');
            case 't' -> out.add('\t');
            default -> throw error("invalid escape in a double-quoted value");
          }
        } else if (ch < 0x20 && ch != '\t') {
          throw error("control character in a value");
        } else {
          out.add((char) ch);
        }
      }
      byte[] value = out.utf8(this);
      skipBlanks();
      if (peek() == '#') {
        skipLine();
        return value;
      }
      if (peek() == '\r') {
        next();
      }
      if (peek() != -1 && next() != '\n') {
        Arrays.fill(value, (byte) 0);
        throw error("unexpected text after the closing quote");
      }
      return value;
    }
  }
}
