package dev.sectools.internal.cache;

import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheStreamCorruptionException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that returns an entry's bytes only once they have passed a check, and that, at the
 * first that fails, reports the corruption once (the entry is removed) and from then on throws
 * {@link CacheStreamCorruptionException}: {@link TaggedStream} (chunk tags) and the encrypting
 * store's stream (AES-GCM segments).
 */
abstract class CheckedStream extends InputStream {
  /** Removes an entry found bad, and counts it. */
  @FunctionalInterface
  interface Corrupted {
    /** Called once, when the first bad chunk is found. */
    void report() throws IOException;
  }

  private final Corrupted corrupted;
  private IOException failure;

  /** A stream that calls {@code corrupted} when it finds the entry bad. */
  CheckedStream(Corrupted corrupted) {
    this.corrupted = corrupted;
  }

  /** Throws the corruption found earlier, if any. */
  final void throwIfFailed() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  /** Records the corruption, reports it (once) and returns the exception to throw. */
  final IOException fail() {
    if (failure == null) {
      failure = new CacheStreamCorruptionException();
      try {
        corrupted.report();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  /**
   * Reads this stream to its end into a new off-heap copy of {@code size} bytes, and closes it:
   * the whole entry checked before anyone sees a byte of it.
   *
   * @throws CacheCorruptionException if a check failed or the size differs; the entry has been
   *     removed
   */
  final OffHeapCopy readFully(long size) throws IOException, CacheCorruptionException {
    OffHeapCopy copy = OffHeapCopy.allocate(size);
    boolean ok = false;
    try (this) {
      if (copy.fill(this) != size) {
        throw fail();
      }
      ok = true;
      return copy;
    } catch (CacheStreamCorruptionException e) {
      throw new CacheCorruptionException(); // the entry was removed when the stream found it bad
    } finally {
      if (!ok) {
        copy.release();
      }
    }
  }

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }
}
