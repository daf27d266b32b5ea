package dev.sectools.cache;

import com.google.crypto.tink.KeysetHandle;
import dev.sectools.internal.cache.EncryptingStore;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Encrypts every entry of a file or memory cache with AES-256-GCM (Tink {@code StreamingAead},
 * HKDF per entry, 256 KiB segments each with its own tag), so the cache below holds ciphertext only.
 *
 * <ul>
 *   <li>Associated data binds each entry to its namespace, key and a random entry id, and a sealed
 *       header binds that id to the plaintext's SHA-256 and size: an entry moved to another key,
 *       or content paired with another entry's header, fails authentication.
 *   <li>A {@code get} decrypts into private memory, checking every segment's tag before keeping
 *       its bytes; truncation, appended bytes and flipped bits all fail. No second SHA-256 pass is
 *       needed: what authenticates is exactly what was hashed at {@code put}.
 *   <li>The key is made for this cache and lives only in this process, unless a keyset is given.
 *       A cache with another keyset sees none of these entries (their names depend on the key).
 * </ul>
 *
 * <h2>Warning</h2>
 * Ciphertext differs for every put, so identical content is stored once per key, not once in all.
 * Sizes, times and the number of entries stay visible.
 */
public final class EncryptedCache extends StoreBackedCache {
  private EncryptedCache(EncryptingStore store) {
    super(store);
  }

  /**
   * Wraps {@code inner} (a file or memory cache, possibly signed), which this cache then owns and
   * closes.
   *
   * @param keyset a Tink {@code StreamingAead} keyset, or {@code null} for a new key known only to
   *     this cache
   * @throws GeneralSecurityException if {@code keyset} is not a StreamingAead keyset
   */
  public static EncryptedCache wrap(VerifiedCache inner, KeysetHandle keyset) throws GeneralSecurityException {
    Objects.requireNonNull(inner, "inner");
    return new EncryptedCache(EncryptingStore.wrap(((StoreBackedCache) inner).store(), keyset));
  }
}
