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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 */
public final class SigningStore extends DecoratingStore {
  private static final String INNER_NAMESPACE = "sig";
  private static final byte[] MAGIC = {'S', 'I', 'G', '1'};
  private static final HexFormat HEX = HexFormat.of();

  static {
    try {
      MacConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Mac mac;
  private final Duration ttl;
  private final InstantSource clock;
  private final long uid;

  private SigningStore(Store inner, Mac mac, Duration ttl, InstantSource clock, long uid) {
    super(inner);
    this.mac = mac;
    this.ttl = ttl;
    this.clock = clock;
    this.uid = uid;
  }

  /**
   * Wraps {@code inner} with {@code keyset}, or with a new key known only to this process if null.
   *
   * @param ttl how long a signed entry stays valid, or {@code null} for ever
   * @param uid the owner recorded in and required of every entry
   */
  public static SigningStore wrap(Store inner, KeysetHandle keyset, Duration ttl, InstantSource clock, long uid)
      throws GeneralSecurityException {
    KeysetHandle k = keyset != null ? keyset : KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedMacParameters.HMAC_SHA256_256BITTAG).withRandomId().makePrimary())
        .build();
    return new SigningStore(inner, k.getPrimitive(RegistryConfiguration.get(), Mac.class), ttl, clock, uid);
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
    return inner.put(innerKey(key), writer, expected,
        (sha, size) -> sign(key, sha, size, created, expires, meta.meta(sha, size)));
  }

  private byte[] sign(EntryKey key, Sha256 sha, long size, Instant created, Instant expires, byte[] upper)
      throws IOException {
    byte[] ns = key.namespace().getBytes(StandardCharsets.UTF_8);
    byte[] k = key.key().getBytes(StandardCharsets.UTF_8);
    ByteBuffer body = ByteBuffer.allocate(MAGIC.length + Sha256.BYTES + 8 * 4 + 2 + ns.length + 2 + k.length + 4
        + upper.length);
    body.put(MAGIC).put(sha.bytes()).putLong(size).putLong(created.toEpochMilli())
        .putLong(expires.equals(Instant.MAX) ? Long.MAX_VALUE : expires.toEpochMilli()).putLong(uid)
        .putShort((short) ns.length).put(ns).putShort((short) k.length).put(k).putInt(upper.length).put(upper);
    try {
      byte[] tag = mac.computeMac(body.array());
      return ByteBuffer.allocate(body.capacity() + tag.length).put(body.array()).put(tag).array();
    } catch (GeneralSecurityException e) {
      throw new IOException("could not sign a cache entry", e);
    }
  }

  @Override
  public Lookup lookup(EntryKey key) throws IOException, CacheMissException, CacheCorruptionException {
    EntryKey below = innerKey(key);
    Lookup found = inner.lookup(below);
    Lookup verified = verify(key, found);
    if (verified == null) {
      inner.remove(below);
      throw new CacheMissException();
    }
    return verified;
  }

  /** The signed view of {@code found}, or {@code null} if it must be treated as a miss. */
  private Lookup verify(EntryKey key, Lookup found) {
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
      byte[] ns = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(ns);
      byte[] k = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(k);
      byte[] upper = new byte[b.getInt()];
      b.get(upper);
      int bodyLength = b.position();
      mac.verifyMac(Arrays.copyOfRange(meta, bodyLength, meta.length), Arrays.copyOf(meta, bodyLength));
      boolean valid = Arrays.equals(magic, MAGIC)
          && Sha256.ofBytes(sha).equals(found.sha()) && size == found.size()
          && owner == uid
          && clock.instant().toEpochMilli() < expires
          && key.equals(new EntryKey(new String(ns, StandardCharsets.UTF_8), new String(k, StandardCharsets.UTF_8)));
      return valid ? new Lookup(key, found.sha(), size, Instant.ofEpochMilli(created), upper, found) : null;
    } catch (GeneralSecurityException | BufferUnderflowException | IllegalArgumentException
        | NegativeArraySizeException e) {
      return null;
    }
  }

  @Override
  public Content read(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    return inner.read(found.inner());
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
