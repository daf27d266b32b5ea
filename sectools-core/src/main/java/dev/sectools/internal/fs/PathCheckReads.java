package dev.sectools.internal.fs;

import dev.sectools.fs.SizeLimitExceededException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileSystemException;
import java.util.Arrays;

/** Whole-file reads under a size cap for {@link PathCheckEngine}. */
final class PathCheckReads {
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private PathCheckReads() {}

  // Reads into an array of the reported size, then probes for more: the cap counts bytes read,
  // so a file that grew is read on only until one byte past the cap.
  static byte[] readCapped(ReadableByteChannel ch, long size, long max, ParsedPath path)
      throws IOException {
    if (size > max) {
      throw new SizeLimitExceededException(path.display(), max);
    }
    byte[] buf = new byte[arrayLength(size, path)];
    int n = fill(ch, buf, 0);
    ByteBuffer probe = ByteBuffer.allocate(1);
    while (n == buf.length) {
      probe.clear();
      if (ch.read(probe) < 0) {
        return buf;
      }
      if (n + 1L > max) {
        throw new SizeLimitExceededException(path.display(), max);
      }
      buf = Arrays.copyOf(buf, arrayLength(Math.min(max, Math.max(2L * n, n + 8192L)), path));
      buf[n++] = probe.get(0);
      n = fill(ch, buf, n);
    }
    return Arrays.copyOf(buf, n);
  }

  private static int arrayLength(long bytes, ParsedPath path) throws FileSystemException {
    if (bytes > MAX_ARRAY_BYTES) {
      throw new FileSystemException(path.display(), null, "file too large for a byte array");
    }
    return (int) bytes;
  }

  private static int fill(ReadableByteChannel ch, byte[] buf, int from) throws IOException {
    int n = from;
    while (n < buf.length) {
      int r = ch.read(ByteBuffer.wrap(buf, n, Math.min(buf.length - n, PathCheckEngine.CHUNK_BYTES)));
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }
}
