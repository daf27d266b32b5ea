package dev.sectools.internal.fs;

import dev.sectools.fs.SizeLimitExceededException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel for {@link PathCheckEngine} that fails rather than return a byte past
 * {@code maxBytes}.
 */
final class PathCheckChannel implements SeekableByteChannel {
  private final SeekableByteChannel ch;
  private final long maxBytes;
  private final ParsedPath path;
  private final Object fileKey;

  PathCheckChannel(SeekableByteChannel ch, long maxBytes, ParsedPath path, Object fileKey) {
    this.ch = ch;
    this.maxBytes = maxBytes;
    this.path = path;
    this.fileKey = fileKey;
  }

  /**
   * The identity of the file opened ({@link java.nio.file.attribute.BasicFileAttributes#fileKey()}),
   * as read by path just before it was opened; {@code null} where the platform has none.
   */
  Object fileKey() {
    return fileKey;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    long position = ch.position();
    // Past the cap any further byte is over it: one is enough to find out.
    long allowed = Caps.positionalAllowance(maxBytes, position);
    if (allowed == 0) {
      return -1; // at the largest offset a file can have
    }
    ByteBuffer view = dst.remaining() > allowed ? dst.slice().limit((int) allowed) : dst;
    int n;
    try {
      n = ch.read(view);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
    if (n > 0 && Caps.exceeds(maxBytes, position, n)) {
      ch.position(position);
      throw new SizeLimitExceededException(path.display(), maxBytes);
    }
    if (view != dst && n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    return ch.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ch.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return ch.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return ch.isOpen();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
