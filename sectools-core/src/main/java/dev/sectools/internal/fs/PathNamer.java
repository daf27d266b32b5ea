package dev.sectools.internal.fs;

import dev.sectools.fs.PathDisplay;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Shows paths in messages and logs as the caller allowed: in full, or as a tag that is stable
 * within this process (so one path can be followed through a log) and reveals nothing of the
 * name: HMAC-SHA256 under a key drawn at random per process, truncated to 8 hex digits.
 */
public final class PathNamer {
  private static final SecretKey PROCESS_KEY = processKey();

  private final PathDisplay display;

  /** A namer for the given display policy. */
  public PathNamer(PathDisplay display) {
    this.display = display;
  }

  /** The display policy. */
  public PathDisplay display() {
    return display;
  }

  /** How {@code path} may be shown. */
  public String show(String path) {
    if (display == PathDisplay.FULL) {
      return path;
    }
    return "<redacted:" + tag(path) + ">";
  }

  private static SecretKey processKey() {
    try {
      return KeyGenerator.getInstance("HmacSHA256").generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  private static String tag(String path) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(PROCESS_KEY);
      byte[] h = mac.doFinal(path.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
