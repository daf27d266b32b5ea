package dev.sectools.internal.secrets.keys;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters a key provider stores in the store header: a format byte, then fields, each a
 * 16-bit length and its bytes. Parsing is strict: a wrong format, a short or long buffer, or
 * text that is not UTF-8 is a {@link GeneralSecurityException}, as the store reports an
 * unreadable key header as access denied.
 */
public final class KeyParameters {
  private static final int MAX_FIELD_BYTES = 0xFFFF;

  private KeyParameters() {}

  /** Encodes {@code fields} after {@code format}. */
  public static byte[] encode(byte format, byte[]... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(format);
    for (byte[] field : fields) {
      if (field.length > MAX_FIELD_BYTES) {
        throw new IllegalArgumentException("a key parameter field has at most " + MAX_FIELD_BYTES
            + " bytes, was " + field.length);
      }
      out.write(field.length >>> 8);
      out.write(field.length & 0xFF);
      out.write(field, 0, field.length);
    }
    return out.toByteArray();
  }

  /**
   * Decodes exactly {@code count} fields written with {@code format}.
   *
   * @throws GeneralSecurityException if the bytes are not such parameters
   */
  public static List<byte[]> decode(byte[] parameters, byte format, int count)
      throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(parameters);
    try {
      if (in.get() != format) {
        throw new GeneralSecurityException("unrecognised key parameters");
      }
      List<byte[]> fields = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] field = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(field);
        fields.add(field);
      }
      if (in.hasRemaining()) {
        throw new GeneralSecurityException("unrecognised key parameters");
      }
      return fields;
    } catch (BufferUnderflowException e) {
      throw new GeneralSecurityException("truncated key parameters", e);
    }
  }

  /** {@code s} in UTF-8. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code bytes} as strict UTF-8.
   *
   * @throws GeneralSecurityException if they are not valid UTF-8
   */
  public static String text(byte[] bytes) throws GeneralSecurityException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new GeneralSecurityException("unreadable key parameters", e);
    }
  }
}
