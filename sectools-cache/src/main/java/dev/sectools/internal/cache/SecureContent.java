package dev.sectools.internal.cache;

import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** Content held in a {@link SecureBuffer}: off the heap, locked as the policy says, wiped on release. */
final class SecureContent implements Content {
  private final SecureBuffer buffer;

  private SecureContent(SecureBuffer buffer) {
    this.buffer = buffer;
  }

  /** Moves {@code copy} into secure memory; the caller then releases (wipes) the copy. */
  static SecureContent of(PrivateCopy copy, MemoryPolicy policy) throws IOException {
    SecureBuffer buffer = SecureBuffer.allocate((int) copy.size(), policy);
    try (InputStream in = copy.newInputStream()) {
      byte[] chunk = new byte[Verifier.CHUNK_BYTES];
      int at = 0;
      for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
        buffer.copyFrom(at, chunk, 0, n);
        at += n;
      }
      java.util.Arrays.fill(chunk, (byte) 0);
    } catch (IOException | RuntimeException e) {
      buffer.close();
      throw e;
    }
    return new SecureContent(buffer);
  }

  @Override
  public long size() {
    return buffer.length();
  }

  @Override
  public InputStream newInputStream() {
    return new InputStream() {
      private int position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        if (position >= buffer.length()) {
          return -1;
        }
        int n = Math.min(len, buffer.length() - position);
        try {
          buffer.copyTo(position, b, off, n);
        } catch (IllegalStateException e) {
          throw new IOException("the cache entry was closed", e);
        }
        position += n;
        return n;
      }

      @Override
      public long transferTo(OutputStream out) throws IOException {
        return super.transferTo(out);
      }
    };
  }

  @Override
  public void release() {
    buffer.close();
  }
}
