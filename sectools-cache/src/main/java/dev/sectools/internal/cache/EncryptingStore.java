package dev.sectools.internal.cache;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.CacheStreamCorruptionException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import dev.sectools.fs.SizeLimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Encrypts every entry of another store with Tink's {@code StreamingAead} (AES-256-GCM-HKDF; 256 KiB
 * segments for keys made here), so the store below holds only ciphertext.
 *
 * <p>Each entry gets a random 16-byte id. The content is encrypted with associated data
 * {@code "data" ‖ namespace ‖ key ‖ id}; a sealed header, encrypted with associated data
 * {@code "head" ‖ namespace ‖ key ‖ id}, holds the plaintext's SHA-256, its size and the upper
 * layer's record. Moving an entry to another key, or pairing one entry's header with another's
 * content, fails authentication. Decryption checks each segment's tag before its bytes are kept,
 * and the last segment is marked, so truncation and appended bytes fail too: a {@code get} needs
 * no second pass with SHA-256, since the content authenticated is exactly what was hashed at
 * {@code put}.
 *
 * <p>Names in the store below are {@code SHA-256("sectools-cache-enc" ‖ primary key id ‖
 * namespace ‖ key)}: a cache with another keyset sees none of these entries and cannot overwrite
 * them. The names hide keys from a casual reader, not from one who can guess them.
 */
public final class EncryptingStore extends DecoratingStore {
  private static final String INNER_NAMESPACE = "enc";
  private static final int ID_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * AES-256-GCM-HKDF with 256 KiB segments for keys made here. The JDK runs GHASH in Java (tens of
   * MB/s) until {@code GHASH.processBlocks}, called once per segment, has been called often enough
   * for C2 to compile it to its CLMUL intrinsic: with 1 MiB segments that takes about 600 MiB of
   * traffic, with 256 KiB segments a quarter of that. The tag and key setup per segment cost well
   * under 1% at this size.
   */
  private static final AesGcmHkdfStreamingParameters EPHEMERAL_PARAMETERS;

  static {
    try {
      StreamingAeadConfig.register();
      EPHEMERAL_PARAMETERS = AesGcmHkdfStreamingParameters.builder()
          .setKeySizeBytes(32)
          .setDerivedAesGcmKeySizeBytes(32)
          .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
          .setCiphertextSegmentSizeBytes(256 * 1024)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final StreamingAead aead;
  private final int keyId;
  private final SecureRandom random = new SecureRandom();

  private EncryptingStore(Store inner, StreamingAead aead, int keyId) {
    super(inner);
    this.aead = aead;
    this.keyId = keyId;
  }

  /** Wraps {@code inner} with {@code keyset}, or with a new key known only to this process if null. */
  public static EncryptingStore wrap(Store inner, KeysetHandle keyset) throws GeneralSecurityException {
    KeysetHandle k = keyset != null ? keyset
        : KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.generateEntryFromParameters(EPHEMERAL_PARAMETERS).withRandomId().makePrimary())
            .build();
    return new EncryptingStore(inner, k.getPrimitive(RegistryConfiguration.get(), StreamingAead.class),
        k.getPrimary().getId());
  }

  @Override
  protected EntryKey innerKey(EntryKey key) {
    MessageDigest md = Verifier.sha256();
    md.update("sectools-cache-enc".getBytes(StandardCharsets.US_ASCII));
    md.update(ByteBuffer.allocate(4).putInt(keyId).array());
    md.update(key.encoded());
    return new EntryKey(INNER_NAMESPACE, HEX.formatHex(md.digest()));
  }

  private static byte[] ad(String label, EntryKey key, byte[] id) {
    byte[] k = key.encoded();
    return ByteBuffer.allocate(4 + 4 + k.length + id.length).put(label.getBytes(StandardCharsets.US_ASCII))
        .putInt(k.length).put(k).put(id).array();
  }

  @Override
  public Stored put(EntryKey key, ContentWriter writer, Sha256 expected, MetaSource meta)
      throws IOException, ContentMismatchException {
    byte[] id = new byte[ID_BYTES];
    random.nextBytes(id);
    MessageDigest md = Verifier.sha256();
    long[] size = new long[1];
    Sha256[] sha = new Sha256[1];
    inner.put(innerKey(key), out -> {
      try (OutputStream enc = encrypting(new KeepOpen(out), ad("data", key, id))) {
        CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(enc, md));
        writer.writeTo(counted);
        size[0] = counted.count();
      }
      sha[0] = Sha256.ofBytes(md.digest());
      if (expected != null && !expected.equals(sha[0])) {
        throw new ContentMismatchException();
      }
    }, null, (innerSha, innerSize) -> header(key, id, sha[0], size[0], meta.meta(sha[0], size[0])));
    return new Stored(sha[0], size[0]);
  }

  private OutputStream encrypting(OutputStream out, byte[] ad) throws IOException {
    try {
      return aead.newEncryptingStream(out, ad);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not start encrypting a cache entry", e);
    }
  }

  /** id ‖ sealed(sha ‖ size ‖ created-independent upper record). */
  private byte[] header(EntryKey key, byte[] id, Sha256 sha, long size, byte[] upper) throws IOException {
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    sealed.write(id);
    try (OutputStream enc = encrypting(sealed, ad("head", key, id))) {
      enc.write(sha.bytes());
      enc.write(ByteBuffer.allocate(8).putLong(size).array());
      enc.write(upper);
    }
    return sealed.toByteArray();
  }

  @Override
  public Lookup lookup(EntryKey key) throws IOException, CacheMissException, CacheCorruptionException {
    Lookup found = inner.lookup(innerKey(key));
    byte[] head = found.meta();
    if (head.length < ID_BYTES) {
      throw corrupt(found);
    }
    byte[] id = Arrays.copyOf(head, ID_BYTES);
    byte[] plain;
    try (InputStream in = aead.newDecryptingStream(
        new ByteArrayInputStream(head, ID_BYTES, head.length - ID_BYTES), ad("head", key, id))) {
      plain = in.readAllBytes();
    } catch (IOException | GeneralSecurityException e) {
      throw corrupt(found);
    }
    if (plain.length < Sha256.BYTES + 8) {
      throw corrupt(found);
    }
    Sha256 sha = Sha256.ofBytes(Arrays.copyOf(plain, Sha256.BYTES));
    long size = ByteBuffer.wrap(plain, Sha256.BYTES, 8).getLong();
    byte[] upper = Arrays.copyOfRange(plain, Sha256.BYTES + 8, plain.length);
    Instant created = found.created();
    return new Lookup(key, sha, size, created, upper, found);
  }

  private CacheCorruptionException corrupt(Lookup innerFound) throws IOException {
    inner.discard(innerFound);
    return new CacheCorruptionException();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The plaintext goes into an {@link OffHeapCopy} of the size in the sealed header (so never
   * more than the ciphertext's size), and only bytes whose segment tag has been checked reach it.
   */
  @Override
  public Content read(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    return authenticated(found, () -> { }).readFully(found.size());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Streams the plaintext as Tink's decrypting stream releases it: each 256 KiB segment (for
   * keys made here) only once its AES-GCM tag has passed, the last one marked as last. The stream
   * also stops at the size in the sealed header: it never returns more, and fewer is corruption.
   */
  @Override
  public InputStream stream(Lookup found, Runnable corrupted)
      throws IOException, CacheMissException, CacheCorruptionException {
    return authenticated(found, corrupted::run);
  }

  /**
   * The plaintext of {@code found} as it authenticates, at most the size in the sealed header (a
   * plaintext is never longer than its ciphertext); {@code also} is told of a corruption after
   * the entry has been removed.
   */
  private AuthenticatedStream authenticated(Lookup found, CheckedStream.Corrupted also)
      throws IOException, CacheMissException, CacheCorruptionException {
    Lookup below = found.inner();
    if (found.size() < 0 || found.size() > below.size()) {
      throw corrupt(below);
    }
    byte[] id = Arrays.copyOf(below.meta(), ID_BYTES);
    InputStream raw = inner.readUnverified(below);
    SourceWatch source = new SourceWatch(raw);
    try {
      InputStream plain = aead.newDecryptingStream(source, ad("data", found.key(), id));
      return new AuthenticatedStream(plain, source, found.size(), () -> {
        inner.discard(below);
        also.report();
      });
    } catch (GeneralSecurityException | RuntimeException e) {
      raw.close();
      throw new IOException("could not start decrypting a cache entry", e);
    }
  }

  /** The plaintext, authenticated before this returns (an outer encrypting layer adds its own check). */
  @Override
  public InputStream readUnverified(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    Content plain = read(found);
    return new java.io.FilterInputStream(plain.newInputStream()) {
      @Override
      public void close() {
        plain.release();
      }
    };
  }

  @Override
  public String toString() {
    return "EncryptingStore{AES256_GCM_HKDF, " + inner + "}";
  }

  /** Keeps the store's stream open when Tink closes the encrypting stream over it. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /**
   * Plaintext from Tink's decrypting stream, at most {@code size} bytes, with authentication
   * failures, early ends and extra bytes turned into {@link CacheStreamCorruptionException} (after
   * {@code corrupted} has removed the entry); failures of the file itself pass through.
   */
  private static final class AuthenticatedStream extends CheckedStream {
    private final InputStream plain;
    private final SourceWatch source;
    private final long size;
    private long returned;
    private boolean ended;

    AuthenticatedStream(InputStream plain, SourceWatch source, long size, Corrupted corrupted) {
      super(corrupted);
      this.plain = plain;
      this.source = source;
      this.size = size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      throwIfFailed();
      if (len == 0) {
        return 0;
      }
      if (ended) {
        return -1;
      }
      try {
        if (returned == size) {
          if (plain.read() >= 0) {
            throw fail(); // more plaintext than the sealed size
          }
          ended = true;
          return -1;
        }
        int n = plain.read(b, off, (int) Math.min(len, size - returned));
        if (n < 0) {
          throw fail(); // less plaintext than the sealed size
        }
        returned += n;
        return n;
      } catch (CacheStreamCorruptionException e) {
        throw e;
      } catch (IOException e) {
        if (source.failure != null && !(source.failure instanceof SizeLimitExceededException)) {
          throw e; // the file could not be read: not a verdict on its bytes
        }
        throw fail(); // Tink found a segment that does not authenticate, or the file grew
      }
    }

    @Override
    public void close() throws IOException {
      plain.close();
    }
  }

  /** Remembers an I/O failure of the ciphertext source, to tell it from an authentication failure. */
  private static final class SourceWatch extends java.io.FilterInputStream {
    IOException failure;

    SourceWatch(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
