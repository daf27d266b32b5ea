package dev.sectools.cache;

import dev.sectools.internal.cache.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * Content returned by {@link VerifiedCache#get}: already verified, held privately by this process
 * (no file another process could change stands behind it). A file cache's entry is a copy off
 * the Java heap, exactly the bytes that were verified; a memory cache's entry is the memory the
 * cache holds.
 *
 * <p>Close it to let the memory go. Reading a closed entry, through a stream opened before or
 * after the close, throws an {@link IOException} that says the entry was closed; it never reads
 * memory that was freed, even when another thread closes the entry in the middle of a read.
 *
 * <p>Thread-safe; each stream is for one thread.
 */
public final class VerifiedEntry implements AutoCloseable {
  private final Sha256 sha;
  private final Content content;

  VerifiedEntry(Sha256 sha, Content content) {
    this.sha = sha;
    this.content = content;
  }

  /** The content's SHA-256 (the one asked for). */
  public Sha256 sha256() {
    return sha;
  }

  /** The content's size in bytes. */
  public long sizeBytes() {
    return content.size();
  }

  /**
   * A new stream over the content, from its first byte. Its {@code transferTo} copies through a
   * buffer of its own: the target stream never holds the entry's memory.
   */
  public InputStream newInputStream() {
    return content.newInputStream();
  }

  /**
   * The whole content in a new array.
   *
   * @throws OutOfMemoryError if the content is over 2 GiB
   * @throws IOException if the entry is closed
   */
  public byte[] readAllBytes() throws IOException {
    try (InputStream in = newInputStream()) {
      return in.readAllBytes();
    }
  }

  /**
   * Writes the whole content to {@code out} (not closed).
   *
   * @return the bytes written
   * @throws IOException if writing fails or the entry is closed
   */
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    try (InputStream in = newInputStream()) {
      return in.transferTo(out);
    }
  }

  /**
   * Writes the whole content to {@code channel} (not closed). A file cache's entry goes to the
   * channel as read-only views of its off-heap copy, usable only by this thread during this call,
   * with no copy on the heap: a file or socket channel hands them to the kernel. Prefer it to
   * {@link #transferTo(OutputStream)} for large entries, which copies every byte through a heap
   * buffer first. A channel that wraps an {@link OutputStream}
   * ({@link java.nio.channels.Channels#newChannel(OutputStream)}) copies anyway.
   *
   * @return the bytes written
   * @throws IOException if writing fails or the entry is closed
   */
  public long transferTo(WritableByteChannel channel) throws IOException {
    Objects.requireNonNull(channel, "channel");
    return content.transferTo(channel);
  }

  /**
   * Lets go of the content, once no thread is reading it: a copy of decrypted bytes is wiped, or
   * (over 4 MiB, on Linux) unmapped, which takes its pages out of the process. A copy of a file's
   * bytes as stored, unencrypted (a plain file cache's), is freed or unmapped without a wipe: the
   * same bytes are in the file. Idempotent.
   */
  @Override
  public void close() {
    content.release();
  }

  /** Shows the digest and size only. */
  @Override
  public String toString() {
    return "VerifiedEntry{sha256=" + sha + ", size=" + content.size() + "}";
  }
}
