package dev.sectools.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Bytes held in heap chunks: the memory store's entries (hashed as they were put, then kept for
 * as long as the cache holds them). Chunks are handed over, not copied. A {@code get} from a file
 * serves from an {@link OffHeapCopy} instead. Not thread-safe while being filled; read-only
 * afterwards.
 */
public final class PrivateCopy implements Content {
  private final List<byte[]> chunks = new ArrayList<>();
  private volatile long size;
  private volatile boolean released;

  /** Appends {@code chunk}, which this copy now owns: the caller must not change it. */
  public void append(byte[] chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (chunk.length > 0) {
      chunks.add(chunk);
      size = size + chunk.length; // one filling thread
    }
  }

  /** An output stream that appends copies of what is written, in chunks of at most {@code chunkBytes}. */
  public OutputStream appender(int chunkBytes) {
    return new OutputStream() {
      private byte[] pending = new byte[chunkBytes];
      private int used;

      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
          int n = Math.min(len, pending.length - used);
          System.arraycopy(b, off, pending, used, n);
          used += n;
          off += n;
          len -= n;
          if (used == pending.length) {
            flush();
          }
        }
      }

      @Override
      public void flush() {
        if (used > 0) {
          append(used == pending.length ? pending : Arrays.copyOf(pending, used));
          pending = new byte[chunkBytes];
          used = 0;
        }
      }

      @Override
      public void close() {
        flush();
      }
    };
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream newInputStream() {
    return new ChunkStream();
  }

  /** Overwrites the chunks with zeros and drops them. */
  @Override
  public void release() {
    released = true;
    for (byte[] c : chunks) {
      Arrays.fill(c, (byte) 0);
    }
  }

  private final class ChunkStream extends InputStream {
    private int chunk;
    private int offset;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (released) {
        throw new IOException("the cache entry was closed");
      }
      if (len == 0) {
        return 0;
      }
      if (chunk >= chunks.size()) {
        return -1;
      }
      byte[] c = chunks.get(chunk);
      int n = Math.min(len, c.length - offset);
      System.arraycopy(c, offset, b, off, n);
      offset += n;
      if (offset == c.length) {
        chunk++;
        offset = 0;
      }
      return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      long n = 0;
      while (chunk < chunks.size()) {
        if (released) {
          throw new IOException("the cache entry was closed");
        }
        byte[] c = chunks.get(chunk);
        out.write(c, offset, c.length - offset);
        n += c.length - offset;
        chunk++;
        offset = 0;
      }
      return n;
    }

    @Override
    public int available() {
      return chunk < chunks.size() ? chunks.get(chunk).length - offset : 0;
    }
  }
}
