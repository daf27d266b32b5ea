package dev.sectools.internal.secrets.keys;

import dev.sectools.fs.ConfinedRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads short secrets (PINs) from files, with no {@code String} on the way. */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * The UTF-8 text of {@code file} without one trailing newline ({@code \n} or {@code \r\n}),
   * read through {@link ConfinedRoot} (a link as the last component is refused). The caller
   * wipes the result.
   *
   * @throws IOException if the file cannot be read or is not UTF-8
   */
  public static char[] readChars(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path name = file.getFileName();
    if (dir == null || name == null) {
      throw new IllegalArgumentException("not a file: " + file);
    }
    byte[] bytes;
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      bytes = root.read(name.toString());
    }
    CharBuffer chars = null;
    try {
      chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      int end = chars.limit();
      if (end > 0 && chars.get(end - 1) == '\n') {
        end--;
        if (end > 0 && chars.get(end - 1) == '\r') {
          end--;
        }
      }
      char[] out = new char[end];
      chars.get(0, out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IOException("the file is not UTF-8 text: " + name);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }
}
