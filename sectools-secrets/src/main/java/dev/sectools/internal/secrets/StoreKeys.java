package dev.sectools.internal.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import dev.sectools.secrets.IntegrityException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * A store's keys: the data keyset (Tink AEAD, AES-256-GCM) that encrypts values and names, and
 * the MAC keyset (HMAC-SHA256) that turns paths into lookup ids. Both exist outside memory only
 * wrapped by the store's KEK, with the store id as associated data.
 *
 * <p>Every ciphertext is bound to its place by its associated data: a value to
 * {@code store id ‖ path id ‖ version}, a name to {@code store id ‖ path id}. Moved anywhere
 * else, it fails to decrypt.
 */
public final class StoreKeys {
  /** Bytes in a store id. */
  public static final int STORE_ID_BYTES = 16;
  /** Bytes in a path id. */
  public static final int PATH_ID_BYTES = 32;

  private static final byte[] VALUE_DOMAIN = "sectools/value/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAME_DOMAIN = "sectools/name/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META_DOMAIN = "sectools/metadata/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PATH_DOMAIN = "sectools/path/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AUDIT_CHAIN_DOMAIN = "sectools/audit-chain/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AUDIT_HASH_DOMAIN = "sectools/audit-hash/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_KEYSET_DOMAIN = "sectools/data-keyset/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAC_KEYSET_DOMAIN = "sectools/mac-keyset/v1".getBytes(StandardCharsets.US_ASCII);

  static {
    try {
      AeadConfig.register();
      MacConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final byte[] storeId;
  private final KeysetHandle data;
  private final KeysetHandle mac;
  private final Aead aead;
  private final Mac pathMac;
  private final java.util.Set<Long> enabledIds;

  private StoreKeys(byte[] storeId, KeysetHandle data, KeysetHandle mac) throws GeneralSecurityException {
    this.storeId = storeId.clone();
    this.data = data;
    this.mac = mac;
    this.aead = data.getPrimitive(ConfigurationV0.get(), Aead.class);
    this.pathMac = mac.getPrimitive(ConfigurationV0.get(), Mac.class);
    this.enabledIds = java.util.Set.copyOf(dataKeys().stream().filter(DataKey::enabled).map(DataKey::id).toList());
  }

  /** Fresh keysets for a new store. */
  public static StoreKeys generate(byte[] storeId) throws GeneralSecurityException {
    return new StoreKeys(storeId,
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
        KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG));
  }

  /**
   * Unwraps the keysets of an existing store.
   *
   * @throws GeneralSecurityException if the KEK is wrong or a wrapped keyset was changed
   */
  public static StoreKeys unwrap(byte[] storeId, byte[] wrappedData, byte[] wrappedMac, Aead kek)
      throws GeneralSecurityException {
    KeysetHandle data = TinkProtoKeysetFormat.parseEncryptedKeyset(
        wrappedData, kek, concat(DATA_KEYSET_DOMAIN, storeId));
    KeysetHandle mac = TinkProtoKeysetFormat.parseEncryptedKeyset(
        wrappedMac, kek, concat(MAC_KEYSET_DOMAIN, storeId));
    return new StoreKeys(storeId, data, mac);
  }

  /**
   * Both keysets in Tink's binary format, unencrypted: for a backup, whose stream encrypts them.
   * The caller wipes the arrays.
   */
  public byte[][] exportUnwrapped() throws GeneralSecurityException {
    return new byte[][] {
      TinkProtoKeysetFormat.serializeKeyset(data, InsecureSecretKeyAccess.get()),
      TinkProtoKeysetFormat.serializeKeyset(mac, InsecureSecretKeyAccess.get()),
    };
  }

  /**
   * The keys of store {@code storeId} from the unencrypted keysets {@link #exportUnwrapped()}
   * gave.
   *
   * @throws GeneralSecurityException if they are not keysets of the right kinds
   */
  public static StoreKeys importUnwrapped(byte[] storeId, byte[] dataKeyset, byte[] macKeyset)
      throws GeneralSecurityException {
    return new StoreKeys(storeId,
        TinkProtoKeysetFormat.parseKeyset(dataKeyset, InsecureSecretKeyAccess.get()),
        TinkProtoKeysetFormat.parseKeyset(macKeyset, InsecureSecretKeyAccess.get()));
  }

  /** The data keyset, encrypted under {@code kek}. */
  public byte[] wrapData(Aead kek) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(data, kek, concat(DATA_KEYSET_DOMAIN, storeId));
  }

  /** The MAC keyset, encrypted under {@code kek}. */
  public byte[] wrapMac(Aead kek) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(mac, kek, concat(MAC_KEYSET_DOMAIN, storeId));
  }

  /** A new store keys object whose data keyset has a fresh AES-256-GCM key as primary. */
  public StoreKeys withNewPrimary() throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(data);
    b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
        .withRandomId().makePrimary());
    return new StoreKeys(storeId, b.build(), mac);
  }

  /** A new store keys object in which data key {@code id} has {@code status}. */
  public StoreKeys withKeyStatus(long id, KeyStatus status) throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(data);
    b.getAt(indexOf(id)).setStatus(status);
    return new StoreKeys(storeId, b.build(), mac);
  }

  /** A new store keys object without data key {@code id}. */
  public StoreKeys withoutKey(long id) throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(data);
    b.deleteAt(indexOf(id));
    return new StoreKeys(storeId, b.build(), mac);
  }

  private int indexOf(long id) {
    for (int i = 0; i < data.size(); i++) {
      if (Integer.toUnsignedLong(data.getAt(i).getId()) == id) {
        return i;
      }
    }
    throw new IllegalArgumentException("no data key " + id);
  }

  /** The data keys: id, whether primary, whether enabled; in keyset order. */
  public List<DataKey> dataKeys() {
    List<DataKey> out = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      KeysetHandle.Entry e = data.getAt(i);
      out.add(new DataKey(Integer.toUnsignedLong(e.getId()), e.isPrimary(), e.getStatus() == KeyStatus.ENABLED));
    }
    return out;
  }

  /** Whether the data keyset has an enabled key with id {@code keyId}. */
  public boolean knows(long keyId) {
    return enabledIds.contains(keyId);
  }

  /** A data key as the keyset lists it. */
  public record DataKey(long id, boolean primary, boolean enabled) {}

  /** The id of the data key new values are encrypted with. */
  public long primaryKeyId() {
    return Integer.toUnsignedLong(data.getPrimary().getId());
  }

  /** The lookup id of a path: a keyed hash, so the database reveals no names. */
  public byte[] pathId(String path) throws GeneralSecurityException {
    byte[] tag = pathMac.computeMac(concat(PATH_DOMAIN, path.getBytes(StandardCharsets.UTF_8)));
    // A Tink tag carries a 5-byte key prefix; the id is the HMAC itself.
    return java.util.Arrays.copyOfRange(tag, tag.length - PATH_ID_BYTES, tag.length);
  }

  /** The HMAC-SHA256 of one audit log line (the chain's link), under the store's MAC key. */
  public byte[] auditTag(byte[] line) throws GeneralSecurityException {
    return hmac(AUDIT_CHAIN_DOMAIN, line);
  }

  /** The keyed hash of {@code text} (a path) as the audit log shows it, so a log can be searched for it. */
  public byte[] auditHash(String text) throws GeneralSecurityException {
    return hmac(AUDIT_HASH_DOMAIN, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The store's id, which binds every ciphertext (not secret). */
  public byte[] storeId() {
    return storeId.clone();
  }

  private byte[] hmac(byte[] domain, byte[] data) throws GeneralSecurityException {
    byte[] tag = pathMac.computeMac(concat(domain, data));
    return java.util.Arrays.copyOfRange(tag, tag.length - PATH_ID_BYTES, tag.length); // without Tink's prefix
  }

  /** Encrypts a value for {@code pathId} at {@code version}. */
  public byte[] encryptValue(byte[] pathId, long version, byte[] plaintext) throws GeneralSecurityException {
    return aead.encrypt(plaintext, valueAd(pathId, version));
  }

  /**
   * Decrypts a value stored for {@code pathId} at {@code version}.
   *
   * @throws IntegrityException if it was changed or belongs elsewhere
   */
  public byte[] decryptValue(byte[] pathId, long version, byte[] ciphertext) throws IntegrityException {
    try {
      return aead.decrypt(ciphertext, valueAd(pathId, version));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IntegrityException();
    }
  }

  /** The id of the data key that encrypted {@code ciphertext} (Tink's 5-byte prefix). */
  public static long keyIdOf(byte[] ciphertext) {
    if (ciphertext.length < 5 || ciphertext[0] != 1) {
      return 0;
    }
    return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
  }

  /** Encrypts a path's name, for listing. */
  public byte[] encryptName(byte[] pathId, String path) throws GeneralSecurityException {
    return aead.encrypt(path.getBytes(StandardCharsets.UTF_8), concat(NAME_DOMAIN, concat(storeId, pathId)));
  }

  /**
   * Decrypts a path's name.
   *
   * @throws IntegrityException if it was changed or belongs elsewhere
   */
  public String decryptName(byte[] pathId, byte[] ciphertext) throws IntegrityException {
    try {
      byte[] name = aead.decrypt(ciphertext, concat(NAME_DOMAIN, concat(storeId, pathId)));
      return new String(name, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IntegrityException();
    }
  }

  /** Encrypts a secret's custom metadata. */
  public byte[] encryptMetadata(byte[] pathId, byte[] plaintext) throws GeneralSecurityException {
    return aead.encrypt(plaintext, concat(META_DOMAIN, concat(storeId, pathId)));
  }

  /**
   * Decrypts a secret's custom metadata.
   *
   * @throws IntegrityException if it was changed or belongs elsewhere
   */
  public byte[] decryptMetadata(byte[] pathId, byte[] ciphertext) throws IntegrityException {
    try {
      return aead.decrypt(ciphertext, concat(META_DOMAIN, concat(storeId, pathId)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IntegrityException();
    }
  }

  private byte[] valueAd(byte[] pathId, long version) {
    return ByteBuffer.allocate(VALUE_DOMAIN.length + storeId.length + pathId.length + Long.BYTES)
        .put(VALUE_DOMAIN).put(storeId).put(pathId).putLong(version).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public String toString() {
    return "StoreKeys[primary=" + primaryKeyId() + "]";
  }
}
