package dev.sectools.internal.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Scripted channels for the read-ahead tests. */
final class TestChannels {
  private TestChannels() {}

  /** What a test channel's {@code read} does. */
  @FunctionalInterface
  interface Reads {
    int read(ByteBuffer dst) throws IOException;
  }

  /** A channel that reads with {@code reads}; always open, and closing it does nothing. */
  static ReadableByteChannel channel(Reads reads) {
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return reads.read(dst);
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
