package dev.sectools.internal.cache;

import dev.sectools.cache.Sha256;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads an entry from one open descriptor into a {@link PrivateCopy}, hashing every chunk as it
 * arrives, and hands the copy out only if the size and the SHA-256 match. Reading runs ahead on a
 * second thread, so the time is that of hashing alone. Whatever happens to the file meanwhile
 * (rewritten in place, replaced, truncated, grown), the copy is exactly the bytes that were hashed.
 */
public final class Verifier {
  /** Chunk size: small enough that a 1 MiB entry is read in four overlapping steps. */
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
   * Reads {@code channel} to its end (at most {@code size + 1} bytes) and returns the private copy.
   *
   * @throws Mismatch if the channel does not hold exactly {@code size} bytes hashing to {@code sha}
   */
  public static PrivateCopy read(ReadableByteChannel channel, long size, Sha256 sha) throws IOException, Mismatch {
    MessageDigest md = sha256();
    PrivateCopy copy = new PrivateCopy();
    boolean ok = false;
    try {
      if (size < CHUNK_BYTES) {
        byte[] chunk = new byte[(int) size + 1];
        int n = Prefetcher.fill(channel, chunk);
        if (n != size) {
          throw new Mismatch();
        }
        byte[] exact = java.util.Arrays.copyOf(chunk, n);
        md.update(exact);
        copy.append(exact);
      } else {
        try (Prefetcher ahead = new Prefetcher(channel, size + 1, CHUNK_BYTES)) {
          for (byte[] c = ahead.next(); c != null; c = ahead.next()) {
            if (copy.size() + c.length > size) {
              throw new Mismatch();
            }
            md.update(c);
            copy.append(c);
          }
        }
      }
      if (copy.size() != size || !MessageDigest.isEqual(md.digest(), sha.bytes())) {
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
