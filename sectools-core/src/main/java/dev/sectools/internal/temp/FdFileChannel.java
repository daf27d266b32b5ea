package dev.sectools.internal.temp;

import dev.sectools.internal.fs.DescriptorTrees;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.TempCalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Supplier;

/** A read-write channel over a temp file's descriptor, with {@code pread}/{@code pwrite}. */
final class FdFileChannel implements PositionalChannel {
  private static final int CHUNK_BYTES = 1 << 20;

  private final int fd;
  private final Supplier<String> display;
  private long position;
  private boolean open = true;

  FdFileChannel(int fd, Supplier<String> display) {
    this.fd = fd;
    this.display = display;
  }

  /** The descriptor, for the overwrite before removal; valid while {@link #isOpen()}. */
  synchronized int fd() {
    return fd;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    int n = read(dst, position);
    if (n > 0) {
      position += n;
    }
    return n;
  }

  @Override
  public synchronized int read(ByteBuffer dst, long at) throws IOException {
    ensureOpen();
    checkPosition(at);
    if (!dst.hasRemaining()) {
      return 0;
    }
    int want = Math.min(dst.remaining(), CHUNK_BYTES);
    byte[] buf = dst.hasArray() ? dst.array() : new byte[want];
    int off = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
    int n;
    try {
      n = LibC.pread(fd, buf, off, want, at);
    } catch (ErrnoException e) {
      throw DescriptorTrees.error(e, display.get());
    }
    if (n == 0) {
      return -1;
    }
    if (dst.hasArray()) {
      dst.position(dst.position() + n);
    } else {
      dst.put(buf, 0, n);
    }
    return n;
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    int n = write(src, position);
    position += n;
    return n;
  }

  @Override
  public synchronized int write(ByteBuffer src, long at) throws IOException {
    ensureOpen();
    checkPosition(at);
    int total = src.remaining();
    long offset = at;
    while (src.hasRemaining()) {
      int len = Math.min(src.remaining(), CHUNK_BYTES);
      byte[] buf;
      int off;
      if (src.hasArray()) {
        buf = src.array();
        off = src.arrayOffset() + src.position();
      } else {
        buf = new byte[len];
        src.duplicate().get(buf);
        off = 0;
      }
      try {
        TempCalls.pwriteFully(fd, buf, off, len, offset);
      } catch (ErrnoException e) {
        throw DescriptorTrees.error(e, display.get());
      }
      src.position(src.position() + len);
      offset += len;
    }
    return total;
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    checkPosition(newPosition);
    position = newPosition;
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    ensureOpen();
    try {
      return LibC.statx(fd, new byte[1], LibC.AT_EMPTY_PATH).size();
    } catch (ErrnoException e) {
      throw DescriptorTrees.error(e, display.get());
    }
  }

  @Override
  public synchronized SeekableByteChannel truncate(long size) throws IOException {
    ensureOpen();
    checkPosition(size);
    try {
      if (size < LibC.statx(fd, new byte[1], LibC.AT_EMPTY_PATH).size()) {
        LibC.ftruncate(fd, size);
      }
    } catch (ErrnoException e) {
      throw DescriptorTrees.error(e, display.get());
    }
    position = Math.min(position, size);
    return this;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void close() {
    if (open) {
      open = false;
      LibC.closeQuietly(fd);
    }
  }

  private static void checkPosition(long p) {
    if (p < 0) {
      throw new IllegalArgumentException("position must not be negative, was " + p);
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
