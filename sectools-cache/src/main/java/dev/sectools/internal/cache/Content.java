package dev.sectools.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/** Verified bytes held privately by this process, ready to be handed to a caller. */
public interface Content {
  /** The number of bytes. */
  long size();

  /** A new stream over the bytes; each call starts at the beginning. */
  InputStream newInputStream();

  /**
   * Writes all the bytes to {@code channel}, from the beginning; the bytes written. By default
   * through the stream; content held off the heap hands the channel views of that memory.
   */
  default long transferTo(WritableByteChannel channel) throws IOException {
    try (InputStream in = newInputStream()) {
      return in.transferTo(Channels.newOutputStream(channel));
    }
  }

  /** Lets go of the bytes (wiping or unpinning them); streams opened earlier then fail. Idempotent. */
  void release();
}
