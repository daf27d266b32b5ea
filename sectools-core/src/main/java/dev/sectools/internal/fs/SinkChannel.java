package dev.sectools.internal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * An atomic write seen as a channel, so a {@code SecureBuffer} can write its direct view into
 * it without a heap copy. Closing the channel does not discard or commit the write: its owner
 * does that on the sink.
 */
final class SinkChannel implements WritableByteChannel {
  private final FileEngine.AtomicSink sink;
  private boolean open = true;

  SinkChannel(FileEngine.AtomicSink sink) {
    this.sink = sink;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    int n = src.remaining();
    sink.write(src);
    return n;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
