package dev.sectools.internal.cache;

import dev.sectools.cache.CacheStreamCorruptionException;
import dev.sectools.fs.SizeLimitExceededException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * An entry read from one open descriptor and released chunk by chunk, each chunk only once its
 * {@link ChunkTags tag} has been checked: the caller never holds a byte that did not pass. Reading
 * runs ahead on a virtual thread ({@link Prefetcher}), so checking a chunk overlaps reading the
 * next. A chunk that fails, a file that ends early or holds more than the entry's size makes the
 * stream throw {@link CacheStreamCorruptionException} from then on, after {@code corrupted} has
 * removed the entry; the bytes returned before are the entry's first bytes.
 *
 * <p>Chunks pass through heap arrays from a pool the store keeps, recycled from one stream to the
 * next and not wiped (a plain {@code InputStream} over the file would leave the same bytes in
 * its buffers). One reader; not thread-safe.
 */
final class TaggedStream extends CheckedStream {
  private static final byte[] EMPTY = new byte[0];

  private final SeekableByteChannel channel;
  private final Prefetcher ahead;
  private final ChunkTags check;
  private final byte[] tags;
  private final long size;
  private final long chunks;
  private long index;
  private byte[] current = EMPTY;
  private int offset;
  private int limit;
  private boolean ended;
  private boolean closed;

  /**
   * Starts reading {@code channel}, which this stream then owns and closes.
   *
   * @param size the entry's size, as signed
   * @param tags the entry's tags, as signed: {@code ChunkTags.chunkCount(size)} of them
   * @param pool where chunk arrays come from and go back to ({@link ChunkTags#CHUNK_BYTES} each)
   */
  TaggedStream(SeekableByteChannel channel, long size, ChunkTags check, byte[] tags, ChunkPool pool,
      Corrupted corrupted) {
    super(corrupted);
    if (tags.length != ChunkTags.chunkCount(size) * ChunkTags.TAG_BYTES) {
      throw new IllegalArgumentException("tags do not match the size");
    }
    this.channel = channel;
    this.size = size;
    this.check = check;
    this.tags = tags;
    this.chunks = ChunkTags.chunkCount(size);
    this.ahead = new Prefetcher(channel, size + 1, pool);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!ensureChunk()) {
      return -1;
    }
    int n = Math.min(len, limit - offset);
    System.arraycopy(current, offset, b, off, n);
    offset += n;
    return n;
  }

  /**
   * Writes the rest of the entry to {@code out}, handing it each checked chunk as it is (no copy
   * here). {@code out} must not keep the array it is given, as the {@code OutputStream} contract
   * says: it is refilled with the next chunk.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    long n = 0;
    while (ensureChunk()) {
      out.write(current, offset, limit - offset);
      n += limit - offset;
      offset = limit;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    if (closed) {
      throw new IOException("the cache stream is closed");
    }
    return limit - offset;
  }

  /** Makes a checked chunk current if the current one is used up; false at the (checked) end. */
  private boolean ensureChunk() throws IOException {
    if (closed) {
      throw new IOException("the cache stream is closed");
    }
    throwIfFailed();
    if (offset < limit) {
      return true;
    }
    if (ended) {
      return false;
    }
    if (current.length == ChunkTags.CHUNK_BYTES) {
      ahead.recycle(current);
    }
    current = EMPTY;
    offset = 0;
    limit = 0;
    byte[] c;
    try {
      c = ahead.next();
    } catch (SizeLimitExceededException e) {
      throw fail(); // the descriptor is capped at the entry's size: the file grew since it was opened
    }
    if (index == chunks) {
      if (c != null && c.length > 0) {
        throw fail(); // the file holds more than the entry
      }
      ended = true;
      return false;
    }
    int expected = ChunkTags.chunkLength(size, index);
    if (c == null || c.length != expected
        || !check.matches(index, c, 0, expected, tags, Math.toIntExact(index * ChunkTags.TAG_BYTES))) {
      throw fail();
    }
    current = c;
    limit = expected;
    index++;
    return true;
  }

  /** Stops the read-ahead and closes the descriptor. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (current.length == ChunkTags.CHUNK_BYTES) {
      ahead.recycle(current);
    }
    current = EMPTY;
    limit = 0;
    offset = 0;
    try (channel) {
      ahead.close();
    }
  }
}
