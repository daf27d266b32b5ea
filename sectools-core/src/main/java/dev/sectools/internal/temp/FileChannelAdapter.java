package dev.sectools.internal.temp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/** A JDK {@link FileChannel} seen as a {@link PositionalChannel}. */
final class FileChannelAdapter implements PositionalChannel {
  private final FileChannel ch;

  FileChannelAdapter(FileChannel ch) {
    this.ch = ch;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return ch.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    int total = 0;
    while (src.hasRemaining()) {
      total += ch.write(src, position + total);
    }
    return total;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return ch.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return ch.write(src);
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
  public SeekableByteChannel truncate(long size) throws IOException {
    ch.truncate(size);
    return this;
  }

  @Override
  public boolean isOpen() {
    return ch.isOpen();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }

  /** Zeroes the file's bytes in place and forces them to the device. */
  void zero() throws IOException {
    long size = ch.size();
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(64 * 1024, Math.max(1, size)));
    for (long done = 0; done < size; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), size - done));
      done += write(zeros, done);
    }
    ch.force(true);
  }
}
