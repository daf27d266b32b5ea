package dev.sectools.internal.cache;

import dev.sectools.internal.memory.Allocation;
import dev.sectools.internal.memory.TransientMemory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A private copy of an entry held off the Java heap, in one block of {@link TransientMemory} sized
 * for the entry: written once, while it is read and verified, and read-only from then on. The
 * JVM neither zeroes it nor moves it, and no heap dump holds it.
 *
 * <p>{@link #release()} frees the block (wiped, or unmapped: see {@link TransientMemory}; a copy
 * of a file's bytes as stored is not wiped) as soon as no stream is in the middle of copying out
 * of it. A stream read after that throws an {@link IOException} saying
 * the entry was closed; it never reads freed memory, even when another thread releases the copy
 * during a read. A copy that is never released is freed once the garbage collector finds it
 * unreachable.
 *
 * <p>Thread-safe; each stream is for one thread.
 */
public final class OffHeapCopy implements Content {
  /** Bytes copied to an {@link OutputStream} per write by {@code transferTo}. */
  private static final int TRANSFER_BYTES = 64 * 1024;
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final TransientMemory memory;

  private OffHeapCopy(TransientMemory memory) {
    this.memory = memory;
  }

  /**
   * A new copy of {@code size} bytes, to be filled before it is read, wiped when released.
   *
   * @throws OutOfMemoryError if the system has no memory to give
   */
  static OffHeapCopy allocate(long size) {
    return new OffHeapCopy(TransientMemory.allocate(size));
  }

  /**
   * A new copy of {@code size} bytes for a file's content as it is stored, unencrypted, released
   * without a wipe: the same bytes are in the file and the page cache ({@link
   * TransientMemory#allocateUnwiped}).
   *
   * @throws OutOfMemoryError if the system has no memory to give
   */
  static OffHeapCopy allocateStored(long size) {
    return new OffHeapCopy(TransientMemory.allocateUnwiped(size));
  }

  /**
   * The memory, for the one writer that fills it before the copy is handed out; it must have
   * finished before the copy is released.
   */
  MemorySegment segment() {
    return memory.segment();
  }

  /**
   * Fills the copy from {@code in}, read to its end, for a writer that does not read from a
   * channel (a decrypting stream). Returns the bytes {@code in} held, or {@code size() + 1} as
   * soon as it holds more than the copy: the caller then rejects the copy.
   */
  long fill(InputStream in) throws IOException {
    MemorySegment bytes = memory.segment();
    long size = bytes.byteSize();
    byte[] buffer = new byte[(int) Math.min(TRANSFER_BYTES, size + 1)];
    long at = 0;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (n > size - at) {
          return size + 1;
        }
        MemorySegment.copy(buffer, 0, bytes, ValueLayout.JAVA_BYTE, at, n);
        at += n;
      }
      return at;
    } finally {
      Arrays.fill(buffer, (byte) 0);
      Reference.reachabilityFence(this); // the cleaner must not free the block while it is written
    }
  }

  @Override
  public long size() {
    return memory.length();
  }

  @Override
  public InputStream newInputStream() {
    return new Stream();
  }

  /**
   * Writes the copy to {@code channel} through read-only views of its memory that only this
   * thread can use, and only during this call: a channel that keeps one gets an
   * {@link IllegalStateException} when it uses it later, never freed memory. The copy is held
   * for the whole transfer, so a release meanwhile frees it when the transfer ends.
   */
  @Override
  public long transferTo(WritableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    try {
      memory.acquire();
    } catch (IllegalStateException e) {
      throw closed(e);
    }
    try (Arena views = Arena.ofConfined()) {
      MemorySegment all = Allocation.scoped(memory.segment(), views);
      for (long at = 0; at < all.byteSize(); at += MAX_ARRAY_BYTES) {
        ByteBuffer view = all.asSlice(at, Math.min(MAX_ARRAY_BYTES, all.byteSize() - at)).asByteBuffer()
            .asReadOnlyBuffer();
        while (view.hasRemaining()) {
          channel.write(view);
        }
      }
      return all.byteSize();
    } finally {
      memory.release();
    }
  }

  /** Frees the memory once no stream is copying out of it. Idempotent. */
  @Override
  public void release() {
    memory.close();
  }

  private void ensureOpen() throws IOException {
    if (memory.isClosed()) {
      throw closed(null);
    }
  }

  /** Copies {@code n} bytes at {@code from} into {@code b}, holding the memory while it does. */
  private void copyOut(long from, byte[] b, int off, int n) throws IOException {
    try {
      memory.acquire();
    } catch (IllegalStateException e) {
      throw closed(e);
    }
    try {
      MemorySegment.copy(memory.segment(), ValueLayout.JAVA_BYTE, from, b, off, n);
    } finally {
      memory.release();
    }
  }

  private static IOException closed(Exception cause) {
    return new IOException("the cache entry was closed: its bytes are released", cause);
  }

  private final class Stream extends InputStream {
    private long position;

    private long remaining() {
      return memory.length() - position;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      ensureOpen();
      if (len == 0) {
        return 0;
      }
      if (remaining() == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining());
      copyOut(position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public byte[] readAllBytes() throws IOException {
      ensureOpen();
      if (remaining() > MAX_ARRAY_BYTES) {
        throw new OutOfMemoryError("a cache entry of " + remaining() + " bytes does not fit in an array");
      }
      byte[] all = new byte[(int) remaining()];
      copyOut(position, all, 0, all.length);
      position += all.length;
      return all;
    }

    @Override
    public long skip(long n) throws IOException {
      ensureOpen();
      long k = Math.max(0, Math.min(n, remaining()));
      position += k;
      return k;
    }

    @Override
    public int available() {
      return memory.isClosed() ? 0 : (int) Math.min(Integer.MAX_VALUE, remaining());
    }

    /** Copies through a buffer of its own, so {@code out} never holds the copy's memory. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
      Objects.requireNonNull(out, "out");
      ensureOpen();
      long start = position;
      byte[] buffer = new byte[(int) Math.min(TRANSFER_BYTES, Math.max(1, remaining()))];
      try {
        while (remaining() > 0) {
          int n = (int) Math.min(buffer.length, remaining());
          copyOut(position, buffer, 0, n);
          out.write(buffer, 0, n);
          position += n;
        }
      } finally {
        Arrays.fill(buffer, (byte) 0);
      }
      return position - start;
    }
  }
}
