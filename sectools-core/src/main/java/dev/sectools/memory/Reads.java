package dev.sectools.memory;

import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.internal.memory.Accumulator;
import dev.sectools.internal.memory.Allocation;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Objects;

/** Reading content of unknown size into secure memory, capped, wiping everything on failure. */
final class Reads {
  /** The most a buffer can hold: its views are {@code ByteBuffer}s, indexed by {@code int}. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;
  private static final int STREAM_CHUNK_BYTES = 4096;
  private static final int INITIAL_BYTES = 256;

  private Reads() {}

  static SecureBuffer fromStream(InputStream in, long maxBytes, MemoryPolicy policy) throws IOException {
    Objects.requireNonNull(in, "in");
    int max = cap(maxBytes);
    byte[] chunk = new byte[STREAM_CHUNK_BYTES];
    try (Accumulator acc = new Accumulator(Math.min(INITIAL_BYTES, max + 1), max + 1, policy(policy))) {
      while (true) {
        MemorySegment room = acc.room();
        if (room.byteSize() == 0) {
          break;
        }
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, room.byteSize()));
        if (n < 0) {
          break;
        }
        MemorySegment.copy(chunk, 0, room, ValueLayout.JAVA_BYTE, 0, n);
        acc.advance(n);
      }
      return finish(acc, max);
    } finally {
      Arrays.fill(chunk, (byte) 0);
    }
  }

  static SecureBuffer fromChannel(ReadableByteChannel channel, long maxBytes, MemoryPolicy policy)
      throws IOException {
    Objects.requireNonNull(channel, "channel");
    int max = cap(maxBytes);
    long initial = INITIAL_BYTES;
    if (channel instanceof SeekableByteChannel s) {
      initial = Math.max(0, s.size() - s.position()) + 1; // + 1: end of file is found without growing
    }
    try (Accumulator acc = new Accumulator((int) Math.min(initial, max + 1L), max + 1, policy(policy))) {
      while (true) {
        MemorySegment room = acc.room();
        if (room.byteSize() == 0) {
          break;
        }
        int n;
        try (Arena arena = Arena.ofConfined()) { // the channel cannot keep a usable view
          n = channel.read(Allocation.scoped(room, arena).asByteBuffer());
        }
        if (n < 0) {
          break;
        }
        acc.advance(n);
      }
      return finish(acc, max);
    }
  }

  private static SecureBuffer finish(Accumulator acc, int max) throws SizeLimitExceededException {
    if (acc.length() > max) {
      throw new SizeLimitExceededException(null, max);
    }
    int length = acc.length();
    return SecureBuffer.wrap(acc.take(), length);
  }

  private static int cap(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
    }
    return (int) Math.min(maxBytes, MAX_LENGTH);
  }

  private static MemoryPolicy policy(MemoryPolicy policy) {
    return Objects.requireNonNull(policy, "policy");
  }
}
