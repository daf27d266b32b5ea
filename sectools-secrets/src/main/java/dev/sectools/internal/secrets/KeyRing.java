package dev.sectools.internal.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import dev.sectools.internal.secrets.StoreKeys.DataKey;
import dev.sectools.secrets.StoreFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's current keys, kept in step with the header that every process shares. A counter in
 * the header ({@code keys_generation}) changes with every change of the data keyset; a process
 * that sees another value than its own unwraps the keyset again before it reads or writes, so no
 * process encrypts under a key another has disabled, or fails on one another has just added.
 */
final class KeyRing {
  static final String DATA_KEYSET = "data_keyset";
  static final String MAC_KEYSET = "mac_keyset";
  static final String GENERATION = "keys_generation";
  static final String KEY_TIMES = "data_key_created";
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final byte[] storeId;
  private volatile Aead kek;
  private volatile StoreKeys keys;
  private volatile long generation;
  private volatile Map<Long, Instant> created;

  KeyRing(byte[] storeId, Aead kek, StoreKeys keys, Map<String, byte[]> header) throws StoreFormatException {
    this.storeId = storeId.clone();
    this.kek = kek;
    this.keys = keys;
    this.generation = generation(header);
    this.created = times(header);
  }

  StoreKeys keys() {
    return keys;
  }

  Map<Long, Instant> created() {
    return created;
  }

  /** The key-encryption key this process unwrapped the keysets with. */
  Aead kek() {
    return kek;
  }

  /** Within a transaction: picks up keyset changes made by any process. */
  synchronized void refresh(Storage storage) throws IOException, GeneralSecurityException {
    byte[] g = storage.headerValue(GENERATION);
    long stored = g == null || g.length != Long.BYTES ? -1 : ByteBuffer.wrap(g).getLong();
    if (stored != generation) {
      Map<String, byte[]> header = storage.header();
      stored = generation(header);
      keys = StoreKeys.unwrap(storeId, header.get(DATA_KEYSET), header.get(MAC_KEYSET), kek);
      created = times(header);
      generation = stored;
    }
  }

  /**
   * Within a write transaction: stores {@code changed} as the new keyset and bumps the counter.
   * The transaction may yet roll back (a backend may run it again after a conflict), so the
   * generation kept here is left unknown: the next {@link #refresh} reads the keyset that was
   * committed, whichever it is.
   */
  synchronized void replace(Storage storage, StoreKeys changed, Map<Long, Instant> times)
      throws IOException, GeneralSecurityException {
    byte[] stored = storage.headerValue(GENERATION);
    long next = (stored == null || stored.length != Long.BYTES ? generation : ByteBuffer.wrap(stored).getLong()) + 1;
    storage.putHeader(DATA_KEYSET, changed.wrapData(kek));
    storage.putHeader(GENERATION, ByteBuffer.allocate(Long.BYTES).putLong(next).array());
    storage.putHeader(KEY_TIMES, encodeTimes(times));
    keys = changed;
    created = Map.copyOf(times);
    generation = UNKNOWN;
  }

  /**
   * Within a write transaction: wraps both keysets under {@code newKek} instead. The keysets,
   * and so every ciphertext, stay as they are.
   */
  synchronized void rewrap(Storage storage, Aead newKek) throws IOException, GeneralSecurityException {
    storage.putHeader(DATA_KEYSET, keys.wrapData(newKek));
    storage.putHeader(MAC_KEYSET, keys.wrapMac(newKek));
    kek = newKek;
  }

  /** The header entries of a new store's key bookkeeping. */
  static void initialise(Storage storage, StoreKeys keys, Instant now) throws IOException {
    storage.putHeader(GENERATION, ByteBuffer.allocate(Long.BYTES).putLong(0).array());
    Map<Long, Instant> times = new LinkedHashMap<>();
    for (DataKey k : keys.dataKeys()) {
      times.put(k.id(), now);
    }
    storage.putHeader(KEY_TIMES, encodeTimes(times));
  }

  static KeyStatus status(boolean enabled) {
    return enabled ? KeyStatus.ENABLED : KeyStatus.DISABLED;
  }

  private static long generation(Map<String, byte[]> header) throws StoreFormatException {
    byte[] g = header.get(GENERATION);
    if (g == null || g.length != Long.BYTES) {
      throw new StoreFormatException("the store header has no readable " + GENERATION);
    }
    return ByteBuffer.wrap(g).getLong();
  }

  private static Map<Long, Instant> times(Map<String, byte[]> header) throws StoreFormatException {
    byte[] t = header.get(KEY_TIMES);
    Map<Long, Instant> out = new LinkedHashMap<>();
    if (t == null) {
      throw new StoreFormatException("the store header has no " + KEY_TIMES);
    }
    String text = new String(t, StandardCharsets.US_ASCII);
    try {
      for (String pair : text.isEmpty() ? new String[0] : text.split(",")) {
        String[] kv = pair.split("=", 2);
        out.put(Long.parseLong(kv[0]), Instant.ofEpochMilli(Long.parseLong(kv[1])));
      }
    } catch (RuntimeException e) {
      throw new StoreFormatException("unreadable " + KEY_TIMES + " in the store header", e);
    }
    return Map.copyOf(out);
  }

  private static byte[] encodeTimes(Map<Long, Instant> times) {
    StringBuilder out = new StringBuilder();
    times.forEach((id, at) -> out.append(out.isEmpty() ? "" : ",").append(id).append('=').append(at.toEpochMilli()));
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
