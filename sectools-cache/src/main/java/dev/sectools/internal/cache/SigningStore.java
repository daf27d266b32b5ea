package dev.sectools.internal.cache;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Signs every entry's metadata with Tink's {@code Mac} (HMAC-SHA256): SHA-256, size, namespace,
 * key, creation and expiry times and the owner's uid. On lookup, an entry whose signature fails
 * (another key, or tampering), that has expired, or that belongs to another uid is removed and
 * reported as a miss.
 *
 * <p>Names in the store below are the MAC of the namespace and key, so a cache with another key
 * finds none of these entries and cannot overwrite them, and the names reveal nothing.
 *
 * <p>Directly over a {@link FileStore}, every entry also gets {@linkplain ChunkTags chunk tags}
 * under a key derived from the signing key and a random id per {@code put}; they are signed with
 * the rest. A read then checks each chunk's Poly1305 tag instead of hashing the whole entry with
 * SHA-256 (which was checked once, at {@code put}), and can release chunks as they pass
 * ({@link #stream}). Over an encrypting store AES-GCM already authenticates every segment, and a
 * memory store holds no file: neither gets tags.
 */
public final class SigningStore extends DecoratingStore {
  private static final String INNER_NAMESPACE = "sig";
  private static final byte[] MAGIC = {'S', 'I', 'G', '2'};
  private static final int ID_BYTES = 16;
  private static final byte[] NO_TAGS = new byte[0];
  /** Tags kept in an index record at most: 16 bytes per 256 KiB, so entries up to 15 GiB. */
  private static final int MAX_TAG_BYTES = 60_000 * ChunkTags.TAG_BYTES;
  private static final HexFormat HEX = HexFormat.of();

  static {
    try {
      MacConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final ChunkPool chunks = new ChunkPool(ChunkTags.CHUNK_BYTES, 16);
  private final boolean tagging;
  private final Mac mac;
  private final Duration ttl;
  private final InstantSource clock;
  private final long uid;

  private SigningStore(Store inner, Mac mac, Duration ttl, InstantSource clock, long uid, boolean chunkTags) {
    super(inner);
    this.mac = mac;
    this.ttl = ttl;
    this.clock = clock;
    this.uid = uid;
    this.tagging = chunkTags && inner instanceof FileStore && ChunkTags.available();
  }

  /**
   * Wraps {@code inner} with {@code keyset}, or with a new key known only to this process if null.
   *
   * @param ttl how long a signed entry stays valid, or {@code null} for ever
   * @param uid the owner recorded in and required of every entry
   * @param chunkTags whether new entries get chunk tags (only ever over a {@link FileStore});
   *     entries that have tags are checked by them whatever this says
   */
  public static SigningStore wrap(Store inner, KeysetHandle keyset, Duration ttl, InstantSource clock, long uid,
      boolean chunkTags) throws GeneralSecurityException {
    KeysetHandle k = keyset != null ? keyset : KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedMacParameters.HMAC_SHA256_256BITTAG).withRandomId().makePrimary())
        .build();
    return new SigningStore(inner, k.getPrimitive(RegistryConfiguration.get(), Mac.class), ttl, clock, uid,
        chunkTags);
  }

  @Override
  protected EntryKey innerKey(EntryKey key) throws IOException {
    try {
      byte[] label = "name".getBytes(StandardCharsets.US_ASCII);
      byte[] k = key.encoded();
      byte[] input = ByteBuffer.allocate(label.length + k.length).put(label).put(k).array();
      return new EntryKey(INNER_NAMESPACE, HEX.formatHex(mac.computeMac(input)));
    } catch (GeneralSecurityException e) {
      throw new IOException("could not name a signed cache entry", e);
    }
  }

  @Override
  public Stored put(EntryKey key, ContentWriter writer, Sha256 expected, MetaSource meta)
      throws IOException, ContentMismatchException {
    Instant created = clock.instant();
    Instant expires = ttl == null ? Instant.MAX : created.plus(ttl);
    byte[] id = new byte[ID_BYTES];
    random.nextBytes(id);
    if (!tagging) {
      return inner.put(innerKey(key), writer, expected,
          (sha, size) -> sign(key, sha, size, created, expires, meta.meta(sha, size), id, NO_TAGS));
    }
    ChunkTags tags;
    try {
      tags = chunkTags(id);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not start tagging a cache entry", e);
    }
    ChunkTags.Tagging[] tagged = new ChunkTags.Tagging[1];
    return inner.put(innerKey(key), out -> {
      try (ChunkTags.Tagging t = tags.tagging(out)) {
        tagged[0] = t;
        writer.writeTo(t);
      }
    }, expected, (sha, size) -> {
      byte[] all = tagged[0].tags();
      byte[] kept = all.length <= MAX_TAG_BYTES ? all : NO_TAGS; // larger entries: SHA-256 below
      return sign(key, sha, size, created, expires, meta.meta(sha, size), id, kept);
    });
  }

  private byte[] sign(EntryKey key, Sha256 sha, long size, Instant created, Instant expires, byte[] upper,
      byte[] id, byte[] tags) throws IOException {
    byte[] ns = key.namespace().getBytes(StandardCharsets.UTF_8);
    byte[] k = key.key().getBytes(StandardCharsets.UTF_8);
    ByteBuffer body = ByteBuffer.allocate(MAGIC.length + Sha256.BYTES + 8 * 4 + 2 + ns.length + 2 + k.length + 4
        + upper.length + 4 + ID_BYTES + 4 + tags.length);
    body.put(MAGIC).put(sha.bytes()).putLong(size).putLong(created.toEpochMilli())
        .putLong(expires.equals(Instant.MAX) ? Long.MAX_VALUE : expires.toEpochMilli()).putLong(uid)
        .putShort((short) ns.length).put(ns).putShort((short) k.length).put(k).putInt(upper.length).put(upper)
        .putInt(tags.length == 0 ? 0 : ChunkTags.CHUNK_BYTES).put(id).putInt(tags.length).put(tags);
    try {
      byte[] tag = mac.computeMac(body.array());
      return ByteBuffer.allocate(body.capacity() + tag.length).put(body.array()).put(tag).array();
    } catch (GeneralSecurityException e) {
      throw new IOException("could not sign a cache entry", e);
    }
  }

  /**
   * The chunk tags of the entry with this id, under its own key: SHA-256 of a label and of the MAC
   * of the id, so only holders of the signing key can make or check them. The key bytes are wiped
   * once the cipher holds them.
   */
  private ChunkTags chunkTags(byte[] id) throws GeneralSecurityException {
    byte[] label = "sectools-cache-chunk-key".getBytes(StandardCharsets.US_ASCII);
    MessageDigest md = Verifier.sha256();
    md.update(label);
    md.update(mac.computeMac(ByteBuffer.allocate(label.length + id.length).put(label).put(id).array()));
    byte[] key = md.digest();
    try {
      return ChunkTags.forEntry(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public Lookup lookup(EntryKey key) throws IOException, CacheMissException, CacheCorruptionException {
    EntryKey below = innerKey(key);
    Lookup found = inner.lookup(below);
    Signed signed = verify(key, found);
    if (signed == null) {
      inner.removeIfUnchanged(found);
      throw new CacheMissException();
    }
    return new Lookup(key, found.sha(), signed.size(), Instant.ofEpochMilli(signed.created()), signed.upper(), found);
  }

  /** An entry's signed record, once its signature has been checked. */
  private record Signed(long size, long created, byte[] upper, byte[] id, byte[] tags) {}

  /** The signed record of {@code found}, or {@code null} if it must be treated as a miss. */
  private Signed verify(EntryKey key, Lookup found) {
    byte[] meta = found.meta();
    try {
      ByteBuffer b = ByteBuffer.wrap(meta);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      byte[] sha = new byte[Sha256.BYTES];
      b.get(sha);
      long size = b.getLong();
      long created = b.getLong();
      long expires = b.getLong();
      long owner = b.getLong();
      byte[] ns = field(b, Short.toUnsignedInt(b.getShort()));
      byte[] k = field(b, Short.toUnsignedInt(b.getShort()));
      byte[] upper = field(b, b.getInt());
      int chunkBytes = b.getInt();
      byte[] id = field(b, ID_BYTES);
      byte[] tags = field(b, b.getInt());
      int bodyLength = b.position();
      mac.verifyMac(Arrays.copyOfRange(meta, bodyLength, meta.length), Arrays.copyOf(meta, bodyLength));
      boolean tagsFit = tags.length == 0
          || (chunkBytes == ChunkTags.CHUNK_BYTES && tags.length == ChunkTags.chunkCount(size) * ChunkTags.TAG_BYTES);
      boolean valid = Arrays.equals(magic, MAGIC)
          && Sha256.ofBytes(sha).equals(found.sha()) && size == found.size()
          && owner == uid
          && clock.instant().toEpochMilli() < expires
          && tagsFit
          && key.equals(new EntryKey(new String(ns, StandardCharsets.UTF_8), new String(k, StandardCharsets.UTF_8)));
      return valid ? new Signed(size, created, upper, id, tags) : null;
    } catch (GeneralSecurityException | BufferUnderflowException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The next {@code length} bytes of a record whose signature is not checked yet: a length beyond
   * the record's end (an attacker's, who can write records but not sign them) is refused before
   * anything is allocated for it.
   */
  private static byte[] field(ByteBuffer b, int length) {
    if (length < 0 || length > b.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] field = new byte[length];
    b.get(field);
    return field;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An entry with chunk tags is checked by them (Poly1305, several times faster than SHA-256
   * where {@linkplain ChunkTagSupport#fast() the JVM vectorizes it}) into an {@link OffHeapCopy};
   * one without, or on a machine where Poly1305 is slow, is checked by the store below.
   */
  @Override
  public Content read(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    TaggedStream tagged = ChunkTagSupport.fast() ? openTagged(found, () -> { }) : null;
    if (tagged == null) { // no tags, or Poly1305 slower than the SHA-256 below on this machine
      return inner.read(found.inner());
    }
    return tagged.readFully(found.size());
  }

  /**
   * {@inheritDoc}
   *
   * <p>An entry with chunk tags streams from its file, each chunk checked before it is returned;
   * one without is read and checked whole first.
   */
  @Override
  public InputStream stream(Lookup found, Runnable corrupted)
      throws IOException, CacheMissException, CacheCorruptionException {
    TaggedStream tagged = openTagged(found, corrupted::run);
    return tagged != null ? tagged : inner.stream(found.inner(), corrupted);
  }

  /**
   * A stream over {@code found}'s file checked by its chunk tags, or {@code null} if the entry has
   * none (the store below is not a file store, or the entry was too large to tag).
   */
  private TaggedStream openTagged(Lookup found, CheckedStream.Corrupted also)
      throws IOException, CacheMissException, CacheCorruptionException {
    if (!(inner instanceof FileStore files)) {
      return null;
    }
    Signed signed = verify(found.key(), found.inner());
    if (signed == null) { // expired since the lookup (its record was verified then)
      throw new CacheMissException();
    }
    if (signed.tags().length == 0) {
      return null;
    }
    ChunkTags check;
    try {
      check = chunkTags(signed.id());
    } catch (GeneralSecurityException e) {
      throw new IOException("could not check a signed cache entry", e);
    }
    SeekableByteChannel channel = files.openSized(found.inner());
    return new TaggedStream(channel, found.size(), check, signed.tags(), chunks, () -> {
      files.discard(found.inner(), channel); // found while reading: the channel is still open
      also.report();
    });
  }

  @Override
  public InputStream readUnverified(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    return inner.readUnverified(found.inner());
  }

  @Override
  public String toString() {
    return "SigningStore{HMAC_SHA256, " + inner + "}";
  }
}
