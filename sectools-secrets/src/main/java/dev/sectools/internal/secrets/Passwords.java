package dev.sectools.internal.secrets;

import dev.sectools.secrets.PasswordSpec;
import dev.sectools.secrets.PasswordSpec.CharClass;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Password generation into a byte array, never a {@code String}. Characters are drawn with
 * {@link SecureRandom#nextInt(int)}, which rejects out-of-range draws, so no character is more
 * likely than another (no modulo bias). A password missing a chosen class is drawn again.
 */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_DRAWS = 1000;

  private Passwords() {}

  /** A fresh password as ASCII bytes; the caller wipes it. */
  public static byte[] generate(PasswordSpec spec) {
    StringBuilder alphabetBuilder = new StringBuilder();
    List<CharClass> classes = new ArrayList<>(EnumSet.copyOf(spec.classes()));
    classes.forEach(c -> alphabetBuilder.append(c.chars()));
    byte[] alphabet = alphabetBuilder.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[spec.length()];
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      for (int i = 0; i < out.length; i++) {
        out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
      }
      if (hasEveryClass(out, classes)) {
        return out;
      }
    }
    throw new IllegalStateException("no password with every class after " + MAX_DRAWS + " draws");
  }

  private static boolean hasEveryClass(byte[] password, List<CharClass> classes) {
    for (CharClass c : classes) {
      boolean found = false;
      for (byte b : password) {
        if (c.chars().indexOf(b) >= 0) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }
}
