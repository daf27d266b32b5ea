package dev.sectools.internal.cache;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-chunk Poly1305 tags of one entry: the fast check of a signed file cache. Chunk {@code i}
 * (of {@link #CHUNK_BYTES}, the last one shorter) is tagged with the RFC 8439 AEAD
 * (ChaCha20-Poly1305) under the entry's own key, with nonce {@code i} and the chunk as associated
 * data and no plaintext: a Poly1305 MAC whose one-time key ChaCha20 derives from the entry key and
 * the chunk's index. A chunk moved to another index, or to another entry, fails.
 *
 * <p>Why Poly1305: every byte read from a file must pass a keyed check before it reaches a caller,
 * and the JDK computes Poly1305 with vector instructions (AVX-512 IFMA where present) far faster
 * than a page-cache read, where SHA-256 and AES-GCM run at a third and a half of that speed. The
 * key is what makes a fast universal hash safe here: whoever may write the cache's files cannot
 * compute a tag.
 *
 * <p>Each entry key must tag one content only (the signing layer derives it from a random id per
 * {@code put}); verifying with it again, any number of times, is safe. Not thread-safe.
 */
final class ChunkTags {
  /** Bytes per tagged chunk. */
  static final int CHUNK_BYTES = 256 * 1024;
  /** Bytes per tag. */
  static final int TAG_BYTES = 16;
  /** Bytes of an entry key. */
  static final int KEY_BYTES = 32;

  private static final String TRANSFORMATION = "ChaCha20-Poly1305";
  private static final byte[] NO_BYTES = new byte[0];

  private final SecretKeySpec key;
  private final Cipher cipher;

  private ChunkTags(byte[] entryKey) throws NoSuchAlgorithmException, NoSuchPaddingException {
    if (entryKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("an entry key has " + KEY_BYTES + " bytes, not " + entryKey.length);
    }
    this.key = new SecretKeySpec(entryKey, "ChaCha20");
    this.cipher = Cipher.getInstance(TRANSFORMATION);
  }

  /**
   * Tags and checks for the entry whose key is {@code entryKey} (copied).
   *
   * @throws GeneralSecurityException if this JDK has no ChaCha20-Poly1305
   */
  static ChunkTags forEntry(byte[] entryKey) throws GeneralSecurityException {
    return new ChunkTags(entryKey);
  }

  /** Whether this JDK offers the cipher the tags need (some restricted providers do not). */
  static boolean available() {
    try {
      Cipher.getInstance(TRANSFORMATION);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The number of chunks, hence tags, of content of {@code size} bytes. */
  static long chunkCount(long size) {
    return (size + CHUNK_BYTES - 1) / CHUNK_BYTES;
  }

  /** The length of chunk {@code index} of content of {@code size} bytes. */
  static int chunkLength(long size, long index) {
    return (int) Math.min(CHUNK_BYTES, size - index * CHUNK_BYTES);
  }

  private static IvParameterSpec nonce(long index) {
    byte[] n = new byte[12];
    for (int i = 0; i < 8; i++) {
      n[11 - i] = (byte) (index >>> (8 * i));
    }
    return new IvParameterSpec(n);
  }

  /** The tag of chunk {@code index}, whose bytes are {@code b[off, off + len)}. */
  byte[] tag(long index, byte[] b, int off, int len) throws GeneralSecurityException {
    start(Cipher.ENCRYPT_MODE, index);
    cipher.updateAAD(b, off, len);
    return cipher.doFinal();
  }

  /**
   * Whether {@code b[off, off + len)} is chunk {@code index}: its tag equals
   * {@code tags[tagOffset, tagOffset + TAG_BYTES)} (compared in constant time by the JDK).
   */
  boolean matches(long index, byte[] b, int off, int len, byte[] tags, int tagOffset) {
    try {
      start(Cipher.DECRYPT_MODE, index);
      cipher.updateAAD(b, off, len);
      cipher.doFinal(tags, tagOffset, TAG_BYTES);
      return true;
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed with a valid key and nonce", e);
    }
  }

  /**
   * Decrypt mode for checking: the JDK refuses to encrypt twice with one key and nonce, and
   * checking a chunk does encrypt nothing.
   */
  private void start(int mode, long index) throws InvalidKeyException, InvalidAlgorithmParameterException {
    cipher.init(mode, key, nonce(index));
  }

  /**
   * A stream that passes what is written to {@code out} and tags it chunk by chunk. Closing it
   * tags the last chunk and does not close {@code out}; {@link Tagging#tags()} then holds
   * {@link #chunkCount} tags of the bytes written.
   */
  Tagging tagging(OutputStream out) {
    return new Tagging(out);
  }

  /** See {@link #tagging(OutputStream)}. */
  final class Tagging extends FilterOutputStream {
    private final java.io.ByteArrayOutputStream tags = new java.io.ByteArrayOutputStream();
    private long index;
    private int inChunk;
    private boolean started;
    private boolean closed;

    private Tagging(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("the tagging stream is closed");
      }
      out.write(b, off, len);
      try {
        while (len > 0) {
          if (!started) {
            start(Cipher.ENCRYPT_MODE, index);
            started = true;
          }
          int n = Math.min(len, CHUNK_BYTES - inChunk);
          cipher.updateAAD(b, off, n);
          inChunk += n;
          off += n;
          len -= n;
          if (inChunk == CHUNK_BYTES) {
            finishChunk();
          }
        }
      } catch (GeneralSecurityException e) {
        throw new IOException("could not tag a cache entry", e);
      }
    }

    private void finishChunk() throws GeneralSecurityException {
      tags.writeBytes(cipher.doFinal(NO_BYTES));
      index++;
      inChunk = 0;
      started = false;
    }

    /** Tags the last chunk; {@code out} stays open. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (started) {
          finishChunk();
        }
      } catch (GeneralSecurityException e) {
        throw new IOException("could not tag a cache entry", e);
      }
      out.flush();
    }

    /** The tags of every chunk, in order; call after {@link #close()}. */
    byte[] tags() {
      if (!closed) {
        throw new IllegalStateException("tags are known once the stream is closed");
      }
      return tags.toByteArray();
    }
  }
}
