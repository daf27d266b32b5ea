package dev.sectools.internal.cache;

import dev.sectools.cache.Sha256;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads an entry from one open descriptor into an {@link OffHeapCopy} sized for it, hashing every
 * chunk as it goes into the copy, and hands the copy out only if the size and the SHA-256 match.
 * Reading runs ahead on a second thread ({@link ReadAhead}), so the time is close to that of
 * hashing alone. Whatever happens to the file meanwhile (rewritten in place, replaced, truncated,
 * grown), the copy is exactly the bytes that were hashed: each byte is read once into memory only
 * this process can write, and never read from the file again.
 */
public final class Verifier {
  /** Chunk size of the heap copies made by the memory store. */
  public static final int CHUNK_BYTES = 256 * 1024;

  private Verifier() {}

  /** Thrown when the bytes read are not the entry expected; the caller decides what that means. */
  public static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch() {
      super("verification failed", null, false, false);
    }
  }

  /**
   * Reads {@code channel} to its end (at most {@code size + 1} bytes) and returns the private copy,
   * which is released unwiped: it holds the file's bytes as stored ({@link OffHeapCopy#allocateStored}).
   * Runs {@code alongside} once the channel is read to its end, on the thread that read ahead
   * (where it costs the hashing nothing): it has run when this method returns or throws
   * {@link Mismatch}. It must not throw. The read's arrays come from {@code pool} and go back to it.
   *
   * @param size the entry's size; the caller bounds it (the copy is allocated at once)
   * @throws Mismatch if the channel does not hold exactly {@code size} bytes hashing to {@code sha}
   * @throws OutOfMemoryError if there is no memory for a copy of {@code size} bytes
   */
  static OffHeapCopy read(ReadableByteChannel channel, long size, Sha256 sha, Runnable alongside, ChunkPool pool)
      throws IOException, Mismatch {
    OffHeapCopy copy = OffHeapCopy.allocateStored(size);
    boolean ok = false;
    try {
      MessageDigest md = sha256();
      long hashed = 0;
      boolean overflowed;
      try (ReadAhead ahead = ReadAhead.start(channel, copy.segment(), alongside, pool)) {
        for (ReadAhead.Chunk c = ahead.next(); c != null; c = ahead.next()) {
          md.update(c.bytes(), 0, c.length());
          hashed += c.length();
          ahead.recycle(c.bytes());
        }
        overflowed = ahead.overflowed();
      }
      if (hashed != size || overflowed || !MessageDigest.isEqual(md.digest(), sha.bytes())) {
        throw new Mismatch();
      }
      ok = true;
      return copy;
    } finally {
      if (!ok) {
        copy.release();
      }
    }
  }

  /** A new SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
