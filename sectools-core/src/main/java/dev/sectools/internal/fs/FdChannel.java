package dev.sectools.internal.fs;

import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.internal.linux.ErrnoException;
import dev.sectools.internal.linux.LibC;
import dev.sectools.internal.linux.NativeMemory;
import dev.sectools.internal.linux.Stat;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over an open regular file descriptor. Reads use {@code pread} at the
 * channel's position, into a direct buffer's native memory without a heap copy; a read that
 * would return bytes past {@code maxBytes} fails instead.
 */
final class FdChannel implements SeekableByteChannel {
  private final int fd;
  private final long maxBytes;
  private final ParsedPath path;
  private long position;
  private boolean open = true;

  FdChannel(int fd, long maxBytes, ParsedPath path) {
    this.fd = fd;
    this.maxBytes = maxBytes;
    this.path = path;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    // Past the cap any further byte is over it: one is enough to find out.
    int want = (int) Math.min(Math.min(dst.remaining(), LinuxEngine.CHUNK_BYTES),
        Caps.positionalAllowance(maxBytes, position));
    if (want == 0) {
      return -1; // at the largest offset a file can have
    }
    int n;
    byte[] buf = null;
    try {
      if (dst.isDirect()) { // straight into native memory: a secure buffer's bytes never touch the heap
        n = (int) NativeMemory.read(fd, MemorySegment.ofBuffer(dst).asSlice(0, want), position);
      } else {
        buf = dst.hasArray() ? dst.array() : new byte[want];
        int off = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
        n = LibC.pread(fd, buf, off, want, position);
      }
    } catch (ErrnoException e) {
      throw Errors.of(e, path, null);
    }
    if (n == 0) {
      return -1;
    }
    if (Caps.exceeds(maxBytes, position, n)) {
      throw new SizeLimitExceededException(path.display(), maxBytes);
    }
    if (buf != null && !dst.hasArray()) {
      dst.put(buf, 0, n);
    } else {
      dst.position(dst.position() + n);
    }
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("position must not be negative, was " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    ensureOpen();
    try {
      return LibC.statx(fd, new byte[1], LibC.AT_EMPTY_PATH).size();
    } catch (ErrnoException e) {
      throw Errors.of(e, path, null);
    }
  }

  /** What {@code fstat} says of the open file now. */
  synchronized Stat stat() throws IOException {
    ensureOpen();
    try {
      return LibC.statx(fd, new byte[1], LibC.AT_EMPTY_PATH);
    } catch (ErrnoException e) {
      throw Errors.of(e, path, null);
    }
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
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

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
