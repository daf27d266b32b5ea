package dev.sectools.cache;

import com.google.crypto.tink.KeysetHandle;
import dev.sectools.internal.cache.ChunkTagSupport;
import dev.sectools.internal.cache.SigningStore;
import dev.sectools.internal.cache.Uids;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Signs every entry's metadata (SHA-256, size, namespace, key, creation and expiry times, owner
 * uid) with HMAC-SHA256 (Tink {@code Mac}). An entry whose signature fails, that has expired, or
 * whose owner is another uid is removed and reported as a miss.
 *
 * <ul>
 *   <li>Multi-user isolation: a cache opened with another key finds none of these entries (their
 *       names are MACs of the namespace and key) and cannot overwrite them; a record copied from
 *       another key fails its signature.
 *   <li>Expiry is signed, so editing the index cannot extend an entry's life.
 *   <li>Directly over a file cache, every entry also gets a Poly1305 tag per 256 KiB chunk (see
 *       {@link CacheConfig.ChunkTagging}), signed with the rest: {@code get} checks them instead
 *       of a SHA-256 pass (the SHA-256 was checked at {@code put}), and
 *       {@link #openStream openStream} returns each chunk once its tag has passed, at about the
 *       speed of an unverified read. Otherwise the content is verified by the cache below
 *       (SHA-256, or AES-GCM when encrypted) against the signed SHA-256.
 * </ul>
 *
 * <h2>Warning</h2>
 * Anyone holding the key can sign entries. The key is made for this cache and lives only in this
 * process, unless a keyset is given.
 */
public final class SignedCache extends StoreBackedCache {
  private SignedCache(SigningStore store) {
    super(store);
  }

  /**
   * Wraps {@code inner}, which this cache then owns and closes, with the system clock.
   *
   * @param keyset a Tink {@code Mac} keyset, or {@code null} for a new key known only to this cache
   * @param ttl how long a signed entry stays valid, or {@code null} for ever
   * @throws GeneralSecurityException if {@code keyset} is not a Mac keyset
   */
  public static SignedCache wrap(VerifiedCache inner, KeysetHandle keyset, Duration ttl)
      throws GeneralSecurityException {
    return wrap(inner, keyset, ttl, InstantSource.system());
  }

  /**
   * Wraps {@code inner} with the given clock; see {@link #wrap(VerifiedCache, KeysetHandle, Duration)}.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive, or over
   *     {@link CacheConfig#MAX_TTL} (100 years)
   */
  public static SignedCache wrap(VerifiedCache inner, KeysetHandle keyset, Duration ttl, InstantSource clock)
      throws GeneralSecurityException {
    return wrap(inner, keyset, ttl, clock, CacheConfig.ChunkTagging.AUTO);
  }

  /**
   * Wraps {@code inner} with the given clock and chunk tagging; see
   * {@link #wrap(VerifiedCache, KeysetHandle, Duration)} and {@link CacheConfig.ChunkTagging}.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive, or over
   *     {@link CacheConfig#MAX_TTL} (100 years)
   */
  public static SignedCache wrap(VerifiedCache inner, KeysetHandle keyset, Duration ttl, InstantSource clock,
      CacheConfig.ChunkTagging tagging) throws GeneralSecurityException {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tagging, "tagging");
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (ttl != null && ttl.compareTo(CacheConfig.MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "ttl must be at most " + CacheConfig.MAX_TTL.toDays() + " days (100 years), was " + ttl);
    }
    return forUid(inner, keyset, ttl, clock, Uids.current(), tagging);
  }

  /** As {@link #wrap(VerifiedCache, KeysetHandle, Duration, InstantSource)}, as if run by {@code uid} (tests). */
  static SignedCache forUid(VerifiedCache inner, KeysetHandle keyset, Duration ttl, InstantSource clock, long uid)
      throws GeneralSecurityException {
    return forUid(inner, keyset, ttl, clock, uid, CacheConfig.ChunkTagging.AUTO);
  }

  private static SignedCache forUid(VerifiedCache inner, KeysetHandle keyset, Duration ttl, InstantSource clock,
      long uid, CacheConfig.ChunkTagging tagging) throws GeneralSecurityException {
    boolean tags = switch (tagging) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> ChunkTagSupport.fast();
    };
    return new SignedCache(SigningStore.wrap(((StoreBackedCache) inner).store(), keyset, ttl, clock, uid, tags));
  }
}
