package dev.sectools.internal.temp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * A read-write channel that can also read and write at a given offset without moving its
 * position, so streams over one temp file can each keep their own offset.
 */
public interface PositionalChannel extends SeekableByteChannel {
  /** Reads into {@code dst} from file offset {@code position}; -1 at the end. */
  int read(ByteBuffer dst, long position) throws IOException;

  /** Writes all of {@code src} at file offset {@code position}. */
  int write(ByteBuffer src, long position) throws IOException;

  /** A stream reading from offset 0 with its own offset; closing it leaves the channel open. */
  default InputStream newInputStream() {
    PositionalChannel ch = this;
    return new InputStream() {
      private long offset;
      private boolean closed;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
          throw new ClosedChannelException();
        }
        if (len == 0) {
          return 0;
        }
        int n = ch.read(ByteBuffer.wrap(b, off, len), offset);
        if (n > 0) {
          offset += n;
        }
        return n;
      }

      @Override
      public synchronized void close() {
        closed = true;
      }
    };
  }

  /**
   * A stream appending after the content present when it is opened, with its own offset;
   * closing it leaves the channel open.
   */
  default OutputStream newOutputStream() throws IOException {
    PositionalChannel ch = this;
    long start = size();
    return new OutputStream() {
      private long offset = start;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
          throw new ClosedChannelException();
        }
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        while (src.hasRemaining()) {
          offset += ch.write(src, offset);
        }
      }

      @Override
      public synchronized void close() {
        closed = true;
      }
    };
  }
}
