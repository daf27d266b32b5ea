package dev.sectools.internal.fs;

import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream over an open regular file descriptor that fails once more than {@code maxBytes} come
 * through, counting the bytes actually read (a growing file cannot slip past the cap).
 */
final class FdInputStream extends InputStream {
  private final int fd;
  private final long maxBytes;
  private final ParsedPath path;
  private long count;
  private boolean closed;

  FdInputStream(int fd, long maxBytes, ParsedPath path) {
    this.fd = fd;
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
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    // Ask for at most one byte past the cap: enough to know the cap was exceeded.
    int want = (int) Math.min(Math.min(len, LinuxEngine.CHUNK_BYTES), Caps.allowance(maxBytes, count));
    int n;
    try {
      n = LibC.read(fd, b, off, want);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, null);
    }
    if (n == 0) {
      return -1;
    }
    boolean over = Caps.exceeds(maxBytes, count, n);
    count += n;
    if (over) {
      throw new SizeLimitExceededException(path.display(), maxBytes);
    }
    return n;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      LibC.closeQuietly(fd);
    }
  }
}
