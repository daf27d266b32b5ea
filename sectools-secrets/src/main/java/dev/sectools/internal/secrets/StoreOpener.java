package dev.sectools.internal.secrets;

import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.StoreFormatException;
import dev.sectools.secrets.keys.WrappingKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Creates and opens stores: the storage made or opened by its {@link StoreLocation}, the header
 * written and checked, the keysets unwrapped.
 */
public final class StoreOpener {
  /** The store format this version writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;
  /** The database file inside the store directory. */
  public static final String DATABASE = "store.db";

  static final String FORMAT = "format_version";
  static final String STORE_ID = "store_id";
  static final String PROVIDER = "key_provider";
  static final String KEY_PARAMETERS = "key_parameters";
  private static final String DATA_KEYSET = KeyRing.DATA_KEYSET;
  private static final String MAC_KEYSET = KeyRing.MAC_KEYSET;
  private static final String CREATED = "created_ms";
  private static final String DENIED = "cannot unlock the store: wrong passphrase or key";
  private static final SecureRandom RANDOM = new SecureRandom();

  private StoreOpener() {}

  /**
   * Creates a new store where {@code config} says: in {@code config.directory()}, which may
   * exist if it holds no store, or in its database.
   *
   * @throws FileAlreadyExistsException if a store is already there
   */
  public static StoreEngine create(StoreConfig config, StoreMetrics metrics) throws IOException, GeneralSecurityException {
    StoreLocation location = StoreLocation.of(config);
    Storage storage = location.create();
    boolean done = false;
    try {
      StoreEngine engine = initialise(storage, config, metrics);
      done = true; // it is a store now: keep it
      return engine;
    } finally {
      if (!done) {
        closeQuietly(storage);
        location.discard();
      }
    }
  }

  private static StoreEngine initialise(Storage storage, StoreConfig config, StoreMetrics metrics)
      throws IOException, GeneralSecurityException {
    byte[] storeId = new byte[StoreKeys.STORE_ID_BYTES];
    RANDOM.nextBytes(storeId);
    WrappingKey kek = config.keyProvider().create();
    StoreKeys keys = StoreKeys.generate(storeId);
    storage.inTransaction(Mode.WRITE, () -> {
      storage.createSchema();
      storage.putHeader(FORMAT, utf8(Integer.toString(FORMAT_VERSION)));
      storage.putHeader(STORE_ID, storeId);
      storage.putHeader(PROVIDER, utf8(config.keyProvider().kind()));
      storage.putHeader(KEY_PARAMETERS, kek.parameters());
      storage.putHeader(DATA_KEYSET, keys.wrapData(kek.aead()));
      storage.putHeader(MAC_KEYSET, keys.wrapMac(kek.aead()));
      storage.putHeader(CREATED, ByteBuffer.allocate(Long.BYTES).putLong(config.clock().millis()).array());
      KeyRing.initialise(storage, keys, config.clock().instant());
      return null;
    });
    Map<String, byte[]> header = storage.inTransaction(Mode.READ, storage::header);
    return new StoreEngine(storage, new KeyRing(storeId, kek.aead(), keys, header), config, metrics);
  }

  /**
   * Opens the store {@code config} names.
   *
   * @throws NoSuchFileException if there is no store there
   * @throws StoreFormatException if the store is damaged or from a newer sectools
   * @throws StoreAccessDeniedException if the key does not unlock it
   */
  public static StoreEngine open(StoreConfig config, StoreMetrics metrics) throws IOException, GeneralSecurityException {
    return open(config, metrics, null);
  }

  /**
   * Opens the store {@code config} names with a KEK already at hand (null: ask the key
   * provider), so a store just restored is not unlocked twice.
   */
  static StoreEngine open(StoreConfig config, StoreMetrics metrics, WrappingKey known)
      throws IOException, GeneralSecurityException {
    Storage storage = StoreLocation.of(config).open();
    try {
      Map<String, byte[]> header = storage.inTransaction(Mode.READ, storage::header);
      StoreEngine engine = new StoreEngine(storage, unlock(header, config, known), config, metrics);
      engine.rotateIfDue();
      return engine;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      closeQuietly(storage);
      throw e;
    }
  }

  private static KeyRing unlock(Map<String, byte[]> header, StoreConfig config, WrappingKey known)
      throws IOException, GeneralSecurityException {
    checkFormat(header);
    String kind = new String(required(header, PROVIDER), StandardCharsets.UTF_8);
    if (!kind.equals(config.keyProvider().kind())) {
      throw new StoreAccessDeniedException("the store is unlocked by a key provider of kind '" + kind
          + "', not '" + config.keyProvider().kind() + "'");
    }
    byte[] storeId = required(header, STORE_ID);
    byte[] data = required(header, DATA_KEYSET);
    byte[] mac = required(header, MAC_KEYSET);
    byte[] parameters = required(header, KEY_PARAMETERS);
    try {
      WrappingKey kek = known != null ? known : config.keyProvider().open(parameters);
      return new KeyRing(storeId, kek.aead(), StoreKeys.unwrap(storeId, data, mac, kek.aead()), header);
    } catch (GeneralSecurityException e) {
      // One message whatever failed: the KDF parameters, the KEK, or either keyset.
      throw new StoreAccessDeniedException(DENIED);
    }
  }

  private static void checkFormat(Map<String, byte[]> header) throws StoreFormatException {
    String text = new String(required(header, FORMAT), StandardCharsets.UTF_8);
    int format;
    try {
      format = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new StoreFormatException("unreadable store format version", e);
    }
    if (format > FORMAT_VERSION) {
      throw new StoreFormatException("the store has format version " + format
          + ", written by a newer sectools; this version reads up to " + FORMAT_VERSION);
    }
    if (format < 1) {
      throw new StoreFormatException("invalid store format version " + format);
    }
  }

  private static byte[] required(Map<String, byte[]> header, String name) throws StoreFormatException {
    byte[] value = header.get(name);
    if (value == null) {
      throw new StoreFormatException("the store header has no " + name);
    }
    return value;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(Storage storage) {
    try {
      storage.close();
    } catch (IOException ignored) {
      // The first failure is reported.
    }
  }
}
