package dev.sectools.internal.fs;

import dev.sectools.fs.SizeLimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream for {@link PathCheckEngine} that fails once more than {@code maxBytes} have come
 * through, counting the bytes actually read (a growing file cannot slip past the cap).
 */
final class PathCheckInputStream extends InputStream {
  private final InputStream in;
  private final long maxBytes;
  private final ParsedPath path;
  private long count;

  PathCheckInputStream(InputStream in, long maxBytes, ParsedPath path) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.path = path;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    // Ask for at most one byte past the cap: enough to know the cap was exceeded.
    int want = (int) Math.min(Math.min(len, PathCheckEngine.CHUNK_BYTES), Caps.allowance(maxBytes, count));
    int n;
    try {
      n = in.read(b, off, want);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
    if (n < 0) {
      return -1;
    }
    count += n;
    if (count > maxBytes) {
      throw new SizeLimitExceededException(path.display(), maxBytes);
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
