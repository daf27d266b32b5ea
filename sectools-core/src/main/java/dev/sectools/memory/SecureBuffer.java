package dev.sectools.memory;

import dev.sectools.internal.memory.AccessCount;
import dev.sectools.internal.memory.Allocation;
import dev.sectools.internal.memory.LeakGuard;
import dev.sectools.internal.memory.SecureMemory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Secret bytes held off the Java heap: what Go's memguard and libsodium's {@code sodium_malloc}
 * give, for Java.
 *
 * <pre>{@code
 * try (SecureBuffer key = root.readToBuffer("keys/api.key")) {   // file → locked memory, no heap copy
 *   key.withBytes(bytes -> mac.update(bytes));                    // a view, valid during the call
 * }                                                               // zeroed and unmapped here
 * }</pre>
 *
 * <h2>Guarantees (Linux, x86_64 and aarch64)</h2>
 * <ul>
 *   <li>The bytes live in {@code mmap}ed memory, never in the Java heap, so no heap dump,
 *       garbage-collector copy or {@code String} pool holds them.
 *   <li>The memory is {@code mlock}ed (kept out of swap) as the {@link MemoryPolicy} requires,
 *       {@code MADV_DONTDUMP} (left out of core dumps) and {@code MADV_WIPEONFORK}.
 *   <li>Guard pages ({@code PROT_NONE}) lie around it: native code that runs off the end of a
 *       large buffer, or off a chunk of small ones, faults instead of reading or writing a
 *       neighbour. A random canary beside each buffer is checked on {@link #close()}; an
 *       overwritten canary throws {@link MemoryCorruptionError}.
 *   <li>{@link #close()} zeroes the bytes and frees the memory. A buffer that is never closed is
 *       zeroed and freed by a {@link java.lang.ref.Cleaner}, which logs a warning (logger
 *       {@code dev.sectools.memory}) naming the code that allocated it (recorded for one buffer
 *       in 64 unless {@code -Ddev.sectools.memory.allocationSites=all}).
 *   <li>{@link #toString()} shows the length only; {@code equals}/{@code hashCode} are identity.
 * </ul>
 * Small buffers (up to 1016 bytes) share locked pages, so thousands fit in a small
 * {@code RLIMIT_MEMLOCK}; larger ones get a mapping of their own. On other platforms see
 * {@code docs/memory.md}: buffers are off-heap and wiped, but neither locked nor guarded.
 *
 * <h2>Warning</h2>
 * Every way out of the buffer is a copy that this class cannot wipe once it is yours:
 * {@link #copyTo(byte[])} (wipe the array yourself), {@link #writeTo(OutputStream)}, and above all
 * {@link #copyToStringUnwipeable(Charset)}. Views given to {@link #withBytes(Consumer)} are valid
 * only during the call and only on the calling thread; afterwards any access throws
 * {@link IllegalStateException}. Anything that reads a view into a heap array (many JDK APIs do)
 * makes a heap copy: see {@code docs/memory.md} for what Java still copies and how to avoid it.
 *
 * <p>Thread-safe. Reads and writes may run concurrently with each other (concurrent writes to the
 * same bytes give no ordering guarantee) and with {@link #close()}: a close during an access waits
 * for nothing, but the memory is wiped and freed only when the last access in progress ends, so
 * no access ever touches freed memory. Any access that starts after {@link #close()} throws
 * {@link IllegalStateException}. Closing twice does nothing.
 */
public final class SecureBuffer implements AutoCloseable {
  private static final int CHUNK_BYTES = 8192;

  private final Allocation memory;
  private final int length;
  private final LeakGuard guard;
  private final AccessCount access = new AccessCount();

  private SecureBuffer(Allocation memory, int length) {
    this.memory = memory;
    this.length = length;
    this.guard = LeakGuard.register(this, memory, length);
  }

  static SecureBuffer wrap(Allocation memory, int length) {
    return new SecureBuffer(memory, length);
  }

  // ---- making buffers ------------------------------------------------------------------------

  /** A zeroed buffer of {@code length} bytes under {@link MemoryPolicy#BEST_EFFORT}. */
  public static SecureBuffer allocate(int length) {
    return allocate(length, MemoryPolicy.BEST_EFFORT);
  }

  /**
   * A zeroed buffer of {@code length} bytes.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws MemoryLockException under {@link MemoryPolicy#REQUIRE_LOCKED} if the memory cannot be
   *     locked
   * @throws OutOfMemoryError if the kernel has no memory to give
   */
  public static SecureBuffer allocate(int length, MemoryPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, was " + length);
    }
    return new SecureBuffer(SecureMemory.allocate(length, policy), length);
  }

  /** A buffer holding a copy of {@code source}, which is left as it is; see {@link #moveFrom(byte[])}. */
  public static SecureBuffer copyOf(byte[] source) {
    return copyOf(source, MemoryPolicy.BEST_EFFORT);
  }

  /** A buffer holding a copy of {@code source} under {@code policy}; the caller wipes {@code source}. */
  public static SecureBuffer copyOf(byte[] source, MemoryPolicy policy) {
    SecureBuffer b = allocate(source.length, policy);
    MemorySegment.copy(source, 0, b.memory.data(), ValueLayout.JAVA_BYTE, 0, source.length);
    return b;
  }

  /** A buffer holding {@code source}'s bytes; {@code source} is then zeroed. */
  public static SecureBuffer moveFrom(byte[] source) {
    return moveFrom(source, MemoryPolicy.BEST_EFFORT);
  }

  /** A buffer holding {@code source}'s bytes under {@code policy}; {@code source} is then zeroed. */
  public static SecureBuffer moveFrom(byte[] source, MemoryPolicy policy) {
    try {
      return copyOf(source, policy);
    } finally {
      Arrays.fill(source, (byte) 0);
    }
  }

  /**
   * A buffer holding {@code chars} encoded as UTF-8, written straight into secure memory: no
   * {@code String} and no heap byte array is made. {@code chars} is left as it is (wipe it).
   *
   * @throws IllegalArgumentException if {@code chars} holds an unpaired surrogate (its index is
   *     named, never its value)
   */
  public static SecureBuffer fromChars(char[] chars) {
    return fromChars(chars, MemoryPolicy.BEST_EFFORT);
  }

  /** {@link #fromChars(char[])} under {@code policy}. */
  public static SecureBuffer fromChars(char[] chars, MemoryPolicy policy) {
    SecureBuffer b = allocate(Utf8.encodedLength(chars), policy);
    Utf8.encode(chars, b.memory.data());
    return b;
  }

  /**
   * Reads {@code in} to its end into a new buffer, through a small heap chunk that is zeroed
   * afterwards; the secure memory grows as needed and is never larger than twice the content.
   *
   * @throws dev.sectools.fs.SizeLimitExceededException if {@code in} holds more than
   *     {@code maxBytes} bytes (everything read so far is wiped)
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   * @throws IOException if reading fails (everything read so far is wiped)
   */
  public static SecureBuffer readFrom(InputStream in, long maxBytes) throws IOException {
    return readFrom(in, maxBytes, MemoryPolicy.BEST_EFFORT);
  }

  /** {@link #readFrom(InputStream, long)} under {@code policy}. */
  public static SecureBuffer readFrom(InputStream in, long maxBytes, MemoryPolicy policy) throws IOException {
    return Reads.fromStream(in, maxBytes, policy);
  }

  /**
   * Reads {@code channel} to its end straight into secure memory. Channels over files and
   * sockets fill native memory directly, without any heap copy; the file channels of
   * {@link dev.sectools.fs.ConfinedRoot} do too. A channel that wraps an {@link InputStream}
   * ({@link java.nio.channels.Channels#newChannel(InputStream)}) reads through heap arrays this
   * class cannot wipe. A {@link java.nio.channels.SeekableByteChannel}'s
   * remaining size sizes the buffer up front.
   *
   * @throws dev.sectools.fs.SizeLimitExceededException if more than {@code maxBytes} bytes arrive
   * @throws IOException if reading fails (everything read so far is wiped)
   */
  public static SecureBuffer readFrom(ReadableByteChannel channel, long maxBytes) throws IOException {
    return readFrom(channel, maxBytes, MemoryPolicy.BEST_EFFORT);
  }

  /** {@link #readFrom(ReadableByteChannel, long)} under {@code policy}. */
  public static SecureBuffer readFrom(ReadableByteChannel channel, long maxBytes, MemoryPolicy policy)
      throws IOException {
    return Reads.fromChannel(channel, maxBytes, policy);
  }

  // ---- state ---------------------------------------------------------------------------------

  /** The number of bytes; still answered after {@link #close()}. */
  public int length() {
    return length;
  }

  /**
   * Whether the memory is locked in RAM (cannot be swapped out). False under
   * {@link MemoryPolicy#BEST_EFFORT} when locking failed, and on platforms that cannot lock.
   */
  public boolean isLocked() {
    return memory.isLocked();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return access.isClosed();
  }

  // ---- access --------------------------------------------------------------------------------

  /**
   * Copies all bytes into {@code target}, which must be exactly {@link #length()} long.
   *
   * <p><b>Security:</b> the copy is on the heap; wipe it ({@code Arrays.fill(target, (byte) 0)})
   * as soon as it is no longer needed.
   *
   * @throws IllegalArgumentException if {@code target}'s length differs
   * @throws IllegalStateException if closed
   */
  public void copyTo(byte[] target) {
    if (target.length != length) {
      throw new IllegalArgumentException("target must be " + length + " bytes long, was " + target.length);
    }
    copyTo(0, target, 0, length);
  }

  /**
   * Copies {@code count} bytes from {@code offset} into {@code target} at {@code targetOffset};
   * see {@link #copyTo(byte[])} for the security note.
   *
   * @throws IndexOutOfBoundsException if either range is out of bounds
   * @throws IllegalStateException if closed
   */
  public void copyTo(int offset, byte[] target, int targetOffset, int count) {
    Objects.checkFromIndexSize(offset, count, length);
    Objects.checkFromIndexSize(targetOffset, count, target.length);
    acquire();
    try {
      MemorySegment.copy(memory.data(), ValueLayout.JAVA_BYTE, offset, target, targetOffset, count);
    } finally {
      release();
    }
  }

  /**
   * Copies {@code count} bytes of {@code source} from {@code sourceOffset} into this buffer at
   * {@code offset}.
   *
   * @throws IndexOutOfBoundsException if either range is out of bounds
   * @throws IllegalStateException if closed
   */
  public void copyFrom(int offset, byte[] source, int sourceOffset, int count) {
    Objects.checkFromIndexSize(offset, count, length);
    Objects.checkFromIndexSize(sourceOffset, count, source.length);
    acquire();
    try {
      MemorySegment.copy(source, sourceOffset, memory.data(), ValueLayout.JAVA_BYTE, offset, count);
    } finally {
      release();
    }
  }

  /**
   * Calls {@code action} with a read-only view of the bytes (a direct {@link ByteBuffer} of
   * {@link #length()} bytes, position 0). The view reads secure memory itself, with no copy.
   *
   * <p><b>Warning:</b> the view is valid only during the call and only on the calling thread: any
   * later use, including from another thread, throws {@link IllegalStateException}. Do not copy
   * it into heap arrays you keep.
   *
   * @throws IllegalStateException if closed
   */
  public void withBytes(Consumer<? super ByteBuffer> action) {
    withView(action, true);
  }

  /**
   * Calls {@code action} with a writable view of the bytes; as {@link #withBytes(Consumer)}
   * otherwise. Use it to fill a buffer from {@link #allocate(int)}.
   *
   * @throws IllegalStateException if closed
   */
  public void withWritableBytes(Consumer<? super ByteBuffer> action) {
    withView(action, false);
  }

  private void withView(Consumer<? super ByteBuffer> action, boolean readOnly) {
    Objects.requireNonNull(action, "action");
    acquire();
    try (Arena arena = Arena.ofConfined()) {
      ByteBuffer view = memory.scopedView(length, arena).asByteBuffer();
      action.accept(readOnly ? view.asReadOnlyBuffer() : view);
    } finally {
      release();
    }
  }

  /**
   * Writes all bytes to {@code channel} from secure memory, through a direct view with no heap
   * copy made here. File and socket channels pass the view to the kernel directly; a channel that
   * wraps an {@link OutputStream} ({@link java.nio.channels.Channels#newChannel(OutputStream)})
   * copies into heap arrays this class cannot wipe.
   *
   * @throws IOException if the channel fails
   * @throws IllegalStateException if closed
   */
  public void writeTo(WritableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    acquire();
    try (Arena arena = Arena.ofConfined()) {
      ByteBuffer view = memory.scopedView(length, arena).asByteBuffer().asReadOnlyBuffer();
      while (view.hasRemaining()) {
        channel.write(view);
      }
    } finally {
      release();
    }
  }

  /**
   * Writes all bytes to {@code out}. An {@code OutputStream} takes heap arrays, so the bytes pass
   * through one small heap chunk (at most 8 KiB), zeroed afterwards; what {@code out} does with
   * them (buffering, copying) is beyond this class. Prefer {@link #writeTo(WritableByteChannel)}.
   *
   * @throws IOException if the stream fails
   * @throws IllegalStateException if closed
   */
  public void writeTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    byte[] chunk = new byte[Math.min(length, CHUNK_BYTES)];
    acquire();
    try {
      for (int done = 0; done < length; done += chunk.length) {
        int n = Math.min(chunk.length, length - done);
        MemorySegment.copy(memory.data(), ValueLayout.JAVA_BYTE, done, chunk, 0, n);
        out.write(chunk, 0, n);
      }
    } finally {
      Arrays.fill(chunk, (byte) 0);
      release();
    }
  }

  /**
   * Whether {@code other} holds the same bytes, in time that depends on the length only, never
   * on where the first difference lies. Lengths are not secret: buffers of different lengths
   * compare unequal at once.
   *
   * @throws IllegalStateException if either buffer is closed
   */
  public boolean contentEquals(SecureBuffer other) {
    Objects.requireNonNull(other, "other");
    if (other == this) {
      acquire();
      release();
      return true;
    }
    acquire();
    try {
      other.acquire();
      try {
        return length == other.length && Utf8.constantTimeEquals(memory.data(), other.memory.data(), length);
      } finally {
        other.release();
      }
    } finally {
      release();
    }
  }

  /**
   * Decodes the bytes into a new {@link String}.
   *
   * <p><b>Warning:</b> a {@code String} can never be wiped: it stays on the heap, may be copied
   * by the garbage collector and deduplicated, and shows up in heap dumps until the memory is
   * reused. Use this only where an API accepts nothing else, and prefer APIs that take
   * {@code byte[]}, {@code char[]} or {@link ByteBuffer}.
   *
   * @throws IllegalStateException if closed
   */
  public String copyToStringUnwipeable(Charset charset) {
    Objects.requireNonNull(charset, "charset");
    byte[] bytes = new byte[length];
    try {
      copyTo(bytes);
      return new String(bytes, charset);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /**
   * Zeroes every byte and keeps the buffer usable.
   *
   * @throws IllegalStateException if closed
   */
  public void clear() {
    acquire();
    try {
      memory.data().fill((byte) 0);
    } finally {
      release();
    }
  }

  /**
   * Zeroes the bytes, checks the canary and frees the memory (after any access in progress on
   * another thread ends). Later accesses throw {@link IllegalStateException}; closing again does
   * nothing.
   *
   * @throws MemoryCorruptionError if something wrote past the buffer's end or before its start
   */
  @Override
  public void close() {
    if (access.close()) {
      free();
    }
  }

  private void acquire() {
    access.acquire();
  }

  private void release() {
    if (access.release()) {
      free(); // closed during this access: the last access out frees
    }
    Reference.reachabilityFence(this);
  }

  private void free() {
    if (!guard.free()) {
      throw new MemoryCorruptionError("secure memory was corrupted: the canary beside a SecureBuffer of "
          + length + " bytes was overwritten (a write past its end or before its start)");
    }
  }

  /** Shows the length only, never the content. */
  @Override
  public String toString() {
    return "SecureBuffer[" + length + " bytes" + (isClosed() ? ", closed]" : "]");
  }
}
