package dev.sectools.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Copies a byte stream, replacing every occurrence of any of a set of secret values with
 * {@value #MASK}. A value split across two writes is still found: bytes that could be the start
 * of a value are held back until the next write shows whether it is one (at most the longest
 * value's length minus one byte), and released by {@link #finish}. Where values overlap, the
 * longest match wins; a shorter value is not masked while a longer one could still match.
 *
 * <p>Not thread-safe: one masker per stream. {@link #finish} wipes the copies of the values.
 */
public final class Masker {
  /** What a masked value is replaced with. */
  public static final String MASK = "<masked>";
  /** Values shorter than this are not masked: masking them would garble ordinary output. */
  public static final int MIN_LENGTH = 4;

  private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.US_ASCII);

  private final byte[][] values;
  private byte[] held = new byte[0];

  /**
   * @param values the values to mask (copied; shorter than {@link #MIN_LENGTH} are skipped)
   */
  public Masker(List<byte[]> values) {
    this.values = values.stream().filter(v -> v.length >= MIN_LENGTH).map(byte[]::clone)
        .sorted(Comparator.comparingInt((byte[] v) -> v.length).reversed()).toArray(byte[][]::new);
  }

  /**
   * Masks {@code len} bytes of {@code b}, writes to {@code out} what is safe to show and
   * flushes it. Use the same {@code out} for every call.
   */
  public void write(byte[] b, int off, int len, OutputStream out) throws IOException {
    byte[] buf = new byte[held.length + len];
    System.arraycopy(held, 0, buf, 0, held.length);
    System.arraycopy(b, off, buf, held.length, len);
    Arrays.fill(held, (byte) 0);
    held = scan(buf, false, out);
    Arrays.fill(buf, (byte) 0);
    out.flush();
  }

  /** Writes the bytes held back (the stream ended) to {@code out}, wipes the values and flushes. */
  public void finish(OutputStream out) throws IOException {
    scan(held, true, out);
    Arrays.fill(held, (byte) 0);
    held = new byte[0];
    for (byte[] v : values) {
      Arrays.fill(v, (byte) 0);
    }
    out.flush();
  }

  /** Writes {@code buf} masked; returns the tail held back (empty when {@code last}). */
  private byte[] scan(byte[] buf, boolean last, OutputStream out) throws IOException {
    int n = buf.length;
    int emitted = 0;
    int i = 0;
    while (i < n) {
      if (!last && couldStartLonger(buf, i)) {
        out.write(buf, emitted, i - emitted);
        return Arrays.copyOfRange(buf, i, n);
      }
      int match = fullMatch(buf, i);
      if (match > 0) {
        out.write(buf, emitted, i - emitted);
        out.write(MASK_BYTES);
        i += match;
        emitted = i;
      } else {
        i++;
      }
    }
    out.write(buf, emitted, n - emitted);
    return new byte[0];
  }

  /** Whether the bytes from {@code i} to the end are a proper prefix of some value. */
  private boolean couldStartLonger(byte[] buf, int i) {
    int rest = buf.length - i;
    for (byte[] v : values) {
      if (v.length > rest && Arrays.equals(buf, i, buf.length, v, 0, rest)) {
        return true;
      }
    }
    return false;
  }

  /** The length of the longest value that occurs whole at {@code i}, or 0. */
  private int fullMatch(byte[] buf, int i) {
    for (byte[] v : values) {
      if (v.length <= buf.length - i && Arrays.equals(buf, i, i + v.length, v, 0, v.length)) {
        return v.length;
      }
    }
    return 0;
  }
}
