package dev.sectools.internal.secrets;

import dev.sectools.secrets.ExpiredRead;
import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.StoreFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How rotation policies and custom metadata are stored. */
final class Codecs {
  private Codecs() {}

  /** {@code maxAgeSeconds;ACTION;w1,w2,…} (seconds). */
  static String rotation(RotationPolicy policy) {
    StringBuilder out = new StringBuilder().append(policy.maxAge().toSeconds()).append(';')
        .append(policy.onExpiredRead().name()).append(';');
    for (int i = 0; i < policy.warnings().size(); i++) {
      out.append(i == 0 ? "" : ",").append(policy.warnings().get(i).toSeconds());
    }
    return out.toString();
  }

  static RotationPolicy rotation(String stored) throws StoreFormatException {
    try {
      String[] parts = stored.split(";", -1);
      List<Duration> warnings = new ArrayList<>();
      for (String w : parts[2].isEmpty() ? new String[0] : parts[2].split(",")) {
        warnings.add(Duration.ofSeconds(Long.parseLong(w)));
      }
      return new RotationPolicy(Duration.ofSeconds(Long.parseLong(parts[0])), warnings,
          ExpiredRead.valueOf(parts[1]));
    } catch (RuntimeException e) {
      throw new StoreFormatException("unreadable rotation policy in the store", e);
    }
  }

  /** Entries sorted by key, each as two length-prefixed UTF-8 strings. */
  static byte[] custom(Map<String, String> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(entries.size());
      for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static Map<String, String> custom(byte[] stored) throws StoreFormatException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored))) {
      int n = in.readInt();
      if (n < 0 || n > 1024) {
        throw new StoreFormatException("unreadable custom metadata in the store");
      }
      Map<String, String> entries = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        entries.put(readString(in), readString(in));
      }
      return entries;
    } catch (IOException e) {
      throw new StoreFormatException("unreadable custom metadata in the store", e);
    } finally {
      Arrays.fill(stored, (byte) 0);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 * 1024) {
      throw new IOException("bad length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
