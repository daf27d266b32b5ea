/**
 * The verified cache: {@link dev.sectools.cache.VerifiedCache} and its variants.
 *
 * <p>Every entry is addressed by its SHA-256, and every {@code get} names the SHA-256 it expects:
 * the bytes handed back have been checked against it (or authenticated by AES-GCM, for the
 * encrypted variant) before {@code get} returns, from a private copy that no other process can
 * change. A swapped, truncated or rewritten file is a {@link dev.sectools.cache.CacheCorruptionException}
 * and is removed; it is never returned as data. See {@code docs/cache.md}.
 */
package dev.sectools.cache;
